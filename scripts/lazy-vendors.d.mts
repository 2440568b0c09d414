import type { Plugin } from 'esbuild';

export declare const lazyVendors: string[];
export declare const lazyVendorsPlugin: Plugin;
