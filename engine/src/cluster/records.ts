import { z } from 'zod';
import { NetworkRecordSchema, ServiceTagSchema } from '../model/types';

/**
 * Everything the cluster shares lives under one prefix in etcd, one key per claimed thing (so claims are
 * create-if-absent transactions, never a hot counter):
 *
 *   hosts/<address>              HostRecord, under the host's lease
 *   networks/<network id>        GlobalNetwork (the network, stored once)
 *   names/<network name>         network id (name claim)
 *   vni/<n>                      network id (VNI claim)
 *   subnets/<cidr with _>        network id (subnet claim)
 *   ipam/<network id>/<ip>       endpoint id, under the owning host's lease
 *   endpoints/<network id>/<id>  EndpointRow, under the owning host's lease
 */
export const ROOT = '/switchyard/v1/';

export const keys = {
  host: (addr: string) => `${ROOT}hosts/${addr}`,
  hosts: `${ROOT}hosts/`,
  network: (id: string) => `${ROOT}networks/${id}`,
  networks: `${ROOT}networks/`,
  name: (name: string) => `${ROOT}names/${name}`,
  vni: (n: number) => `${ROOT}vni/${n}`,
  subnet: (cidr: string) => `${ROOT}subnets/${cidr.replace(/\//g, '_')}`,
  ip: (net: string, ip: string) => `${ROOT}ipam/${net}/${ip}`,
  ips: (net: string) => `${ROOT}ipam/${net}/`,
  endpoint: (net: string, id: string) => `${ROOT}endpoints/${net}/${id}`,
  endpoints: (net: string) => `${ROOT}endpoints/${net}/`,
  allEndpoints: `${ROOT}endpoints/`,
  allIps: `${ROOT}ipam/`,
};

export const HostRecordSchema = z.object({
  name: z.string(),
  address: z.string(),
  engineVersion: z.string(),
  started: z.string(),
  /** The underlay link's MTU (of the route to the advertise address): the overlay MTU is the lowest − 50. */
  underlayMtu: z.number().int().optional(),
  lease: z.string(),
});
export type HostRecord = z.infer<typeof HostRecordSchema>;

/** The network as stored once for the cluster; each host mirrors it into its own store with its bridge name. */
export const GlobalNetworkSchema = NetworkRecordSchema.omit({ device: true }).extend({
  vni: z.number().int(),
});
export type GlobalNetwork = z.infer<typeof GlobalNetworkSchema>;

export const EndpointRowSchema = z.object({
  id: z.string(),
  networkId: z.string(),
  /** Owning host's advertise address: the VTEP its frames go to. */
  vtep: z.string(),
  host: z.string(),
  sandboxId: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  mac: z.string(),
  ipv4: z.string().optional(),
  ipv6: z.string().optional(),
  /** The service a replica (or an ingress sandbox) belongs to: the load balancers' backends. */
  service: ServiceTagSchema.optional(),
});
export type EndpointRow = z.infer<typeof EndpointRowSchema>;

/** Parses a stored value; a row that does not pass is logged and ignored, never trusted. */
export function parseRow<T>(schema: z.ZodType<T>, value: string): T | undefined {
  try {
    const r = schema.safeParse(JSON.parse(value));
    return r.success ? r.data : undefined;
  } catch {
    return undefined;
  }
}
