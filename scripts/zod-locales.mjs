// zod re-exports all of its ~50 locales as `z.locales` (and `z.core.locales`), so a bundle of `import { z } from
// 'zod'` carries every one of them: 264 KB of the server's 1.15 MB minified bundle, parsed at every start and
// kept in the heap as source. We never call `z.config(z.locales.xx())`: the only locale zod uses is English,
// which its schemas import directly (`zod/v4/locales/en.js`, registered on the first schema built), so the
// messages stay the same. This plugin resolves zod's locale index to a namespace of English alone.
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The module that replaces zod's `locales/index.js`: `z.locales.en` still exists, no other locale does. */
export const englishOnly = join(dirname(fileURLToPath(import.meta.url)), 'zod-locales-en.mjs');

/** esbuild plugin: zod's `../locales/index.js` (from zod's own files only) resolves to `englishOnly`. */
export const zodEnglishOnlyPlugin = {
  name: 'zod-english-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: englishOnly } : undefined,
    );
  },
};
