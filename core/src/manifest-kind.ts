/**
 * What a YAML file is, by its content (and, for kustomize and Helm, the names their tools look for). Pure, so
 * the language server (which checks the file) and the extension (which decides where its status item means
 * something) classify alike.
 */
export type ManifestKind = 'kubernetes' | 'kustomization' | 'chart' | 'k3s-config' | 'compose' | 'other';

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** k3s `config.yaml` keys that concern networking; a file with one of them and no `apiVersion` is k3s's. */
const K3S_KEYS = /^(cluster-cidr|service-cidr|cluster-dns|service-node-port-range|node-ip|flannel-backend):/m;

/**
 * Decides by content, the way each tool would read the file: a document with top-level `apiVersion` and
 * `kind` is a Kubernetes object; a top-level `services:` (without `apiVersion`) is Compose. Only top-level
 * keys (column 0) count, so a ConfigMap that embeds a compose file stays Kubernetes and a compose service
 * named `kind` stays Compose. Reads the text once, no parse.
 */
export function classifyManifest(path: string, text: string): ManifestKind {
  const name = path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
  if (KUSTOMIZATION_NAMES.includes(name)) return 'kustomization';
  if (name === 'Chart.yaml') return 'chart';
  const api = /^apiVersion:/m.test(text);
  const kind = /^kind:/m.test(text);
  if (api && kind) return 'kubernetes';
  if (/^services:/m.test(text)) return 'compose';
  if (!api && K3S_KEYS.test(text)) return 'k3s-config';
  // A JSON manifest ({"apiVersion": …, "kind": …}).
  if (/^\s*[{[]/.test(text) && /"apiVersion"\s*:/.test(text) && /"kind"\s*:/.test(text)) return 'kubernetes';
  return 'other';
}

/** True for what the Kubernetes side of the server reads (manifests and the files that shape them). */
export function isKubernetesInput(kind: ManifestKind): boolean {
  return kind === 'kubernetes' || kind === 'kustomization' || kind === 'chart' || kind === 'k3s-config';
}
