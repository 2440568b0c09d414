import type { Plugin } from 'esbuild';

export declare const englishOnly: string;
export declare const zodEnglishOnlyPlugin: Plugin;
