// The networking part of a compose file, read with the `yaml` package (the client does not import server/):
// top-level networks and each service's networks, aliases, static addresses and ports. Pure.
import { isMap, isScalar, parseDocument } from 'yaml';
import { publishMode } from '@switchyard/core';
import type { PublishMode } from '@switchyard/protocol';

export interface ComposeIpamConfig {
  subnet?: string;
  gateway?: string;
  ipRange?: string;
  auxAddresses: Record<string, string>;
}

export interface ComposeNetwork {
  /** The key under `networks:`. */
  key: string;
  /** The name Docker gives it: `name:`, else `<project>_<key>` (external: `name:` or the key). */
  name: string;
  driver: string;
  external: boolean;
  internal: boolean;
  enableIpv6: boolean | undefined;
  ipam: ComposeIpamConfig[];
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
}

export interface ServiceAttachment {
  key: string;
  aliases: string[];
  ipv4?: string;
  ipv6?: string;
}

export interface ComposeService {
  name: string;
  /** `host`, `none`, `service:x`, `container:x`, or undefined for ordinary networking. */
  networkMode?: string;
  networks: ServiceAttachment[];
  /** Published ports: the engine's `[IP:][HOST:]CONTAINER[/proto]` spec and swarm's publish mode. */
  ports: ComposePort[];
  /** `scale`, else `deploy.replicas`, else 1 (compose-go GetScale); 1 for `deploy.mode: global` (one host). */
  replicas: number;
  /** `deploy.endpoint_mode` as written (swarm reads it; undefined when absent). */
  endpointMode?: string;
}

export interface ComposePort {
  spec: string;
  /** `ports[].mode` as swarm takes it (the short syntax, and any unknown value, are `ingress`). */
  mode: PublishMode;
}

export interface ComposeProject {
  name: string;
  networks: ComposeNetwork[];
  services: ComposeService[];
  /** Offset of the top-level `networks:` key, for the code lens; undefined when there is none. */
  networksKeyOffset: number | undefined;
  /** Offset of the top-level `services:` key. */
  servicesKeyOffset: number | undefined;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Compose's NormalizeProjectName: lowercase, only [a-z0-9_-], starting with a letter or digit. */
export function normalizeProjectName(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[_-]+/, '');
}

/** Reads a compose file's text; `dirName` is the folder's name, the project name when `name:` is absent. */
export function readComposeProject(text: string, dirName: string): ComposeProject {
  const doc = parseDocument(text, { uniqueKeys: false });
  const root: unknown = doc.toJS({ maxAliasCount: 1000 });
  const top = isObj(root) ? root : {};
  const project = normalizeProjectName(str(top['name']) ?? dirName) || 'project';
  const nets = isObj(top['networks']) ? top['networks'] : {};
  const networks = Object.entries(nets).map(([key, def]) => readNetwork(project, key, isObj(def) ? def : {}));
  const services = Object.entries(isObj(top['services']) ? top['services'] : {}).map(([name, def]) =>
    readService(name, isObj(def) ? def : {}),
  );
  if (!networks.some((n) => n.key === 'default') && services.some(usesDefault)) {
    networks.push(readNetwork(project, 'default', {}));
  }
  return {
    name: project,
    networks,
    services,
    networksKeyOffset: keyOffset(doc.contents, 'networks'),
    servicesKeyOffset: keyOffset(doc.contents, 'services'),
  };
}

function keyOffset(contents: unknown, key: string): number | undefined {
  if (!isMap(contents)) return undefined;
  const pair = contents.items.find((p) => isScalar(p.key) && p.key.value === key);
  return pair && isScalar(pair.key) ? pair.key.range?.[0] : undefined;
}

const usesDefault = (s: ComposeService): boolean =>
  s.networkMode === undefined && s.networks.some((n) => n.key === 'default');

function readNetwork(project: string, key: string, def: Obj): ComposeNetwork {
  const ext = def['external'];
  const external = ext === true || isObj(ext);
  const explicit = str(def['name']) ?? (isObj(ext) ? str(ext['name']) : undefined);
  const ipam = isObj(def['ipam']) && Array.isArray(def['ipam']['config']) ? def['ipam']['config'] : [];
  return {
    key,
    name: explicit ?? (external ? key : `${project}_${key}`),
    driver: str(def['driver']) ?? 'bridge',
    external,
    internal: def['internal'] === true,
    enableIpv6: typeof def['enable_ipv6'] === 'boolean' ? def['enable_ipv6'] : undefined,
    ipam: ipam.filter(isObj).map(readIpam),
    driverOpts: stringRecord(def['driver_opts']),
    labels: labelRecord(def['labels']),
  };
}

function readIpam(c: Obj): ComposeIpamConfig {
  const subnet = str(c['subnet']);
  const gateway = str(c['gateway']);
  const ipRange = str(c['ip_range']);
  return {
    ...(subnet !== undefined && { subnet }),
    ...(gateway !== undefined && { gateway }),
    ...(ipRange !== undefined && { ipRange }),
    auxAddresses: stringRecord(c['aux_addresses']),
  };
}

function readService(name: string, def: Obj): ComposeService {
  const mode = str(def['network_mode']);
  const raw = def['networks'];
  let networks: ServiceAttachment[];
  if (Array.isArray(raw)) networks = raw.flatMap((k) => (str(k) ? [{ key: String(k), aliases: [] }] : []));
  else if (isObj(raw))
    networks = Object.entries(raw).map(([key, v]) => readAttachment(key, isObj(v) ? v : {}));
  else networks = mode === undefined ? [{ key: 'default', aliases: [] }] : [];
  const ports = Array.isArray(def['ports']) ? def['ports'].flatMap(portOf) : [];
  const deploy = isObj(def['deploy']) ? def['deploy'] : {};
  const endpointMode = str(deploy['endpoint_mode']);
  return {
    name,
    ...(mode !== undefined && { networkMode: mode }),
    networks,
    ports,
    replicas: replicasOf(def, deploy),
    ...(endpointMode !== undefined && { endpointMode }),
  };
}

/** compose-go `GetScale`; a global service runs one replica per host, so one on the host a dry run uses. */
function replicasOf(def: Obj, deploy: Obj): number {
  if (str(deploy['mode'])?.startsWith('global')) return 1;
  const n = Number(str(def['scale']) ?? str(deploy['replicas']) ?? 1);
  return Number.isInteger(n) && n >= 0 ? n : 1;
}

function portOf(p: unknown): ComposePort[] {
  return portSpec(p).map((spec) => ({ spec, mode: publishMode(isObj(p) ? str(p['mode']) : undefined) }));
}

function readAttachment(key: string, v: Obj): ServiceAttachment {
  const aliases = Array.isArray(v['aliases']) ? v['aliases'].flatMap((a) => (str(a) ? [String(a)] : [])) : [];
  const ipv4 = str(v['ipv4_address']);
  const ipv6 = str(v['ipv6_address']);
  return { key, aliases, ...(ipv4 && { ipv4 }), ...(ipv6 && { ipv6 }) };
}

/** Short syntax passes through; the long syntax becomes `[host_ip:]published:target/protocol`. */
function portSpec(p: unknown): string[] {
  const s = str(p);
  if (s !== undefined) return [s];
  if (!isObj(p) || str(p['target']) === undefined) return [];
  const hostIp = str(p['host_ip']);
  const published = str(p['published']);
  const proto = str(p['protocol']);
  const head = [hostIp, published].filter((x) => x !== undefined).join(':');
  return [`${head ? `${head}:` : ''}${str(p['target'])}${proto ? `/${proto}` : ''}`];
}

function stringRecord(v: unknown): Record<string, string> {
  if (!isObj(v)) return {};
  return Object.fromEntries(
    Object.entries(v).flatMap(([k, x]) => (str(x) !== undefined ? [[k, String(x)]] : [])),
  );
}

/** Labels as a map or as a `key=value` list. */
function labelRecord(v: unknown): Record<string, string> {
  if (!Array.isArray(v)) return stringRecord(v);
  return Object.fromEntries(
    v.flatMap((e) => {
      const s = str(e);
      if (!s) return [];
      const eq = s.indexOf('=');
      return [eq < 0 ? [s, ''] : [s.slice(0, eq), s.slice(eq + 1)]];
    }),
  );
}
