// What zod's `locales/index.js` is in our bundles (scripts/zod-locales.mjs says why): English alone.
export { default as en } from 'zod/v4/locales/en.js';
