import type { BuildOptions } from 'esbuild';

export declare function bundleOptions(options?: {
  production?: boolean;
  watch?: boolean;
  outdir?: string;
  only?: string[];
}): BuildOptions[];
