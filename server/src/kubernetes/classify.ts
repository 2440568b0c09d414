// The classifier lives in core/ (the extension uses it too); kept here so the server's imports stay put.
export { KUSTOMIZATION_NAMES, classifyManifest, isKubernetesInput } from '@switchyard/core';
export type { ManifestKind } from '@switchyard/core';
