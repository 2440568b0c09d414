// Loaded with --import by the mutation runs (stryker.config.json). Stryker tests mutants in a copy of the
// repository whose node_modules is a link to the original one, where @switchyard/<package> links to the
// ORIGINAL sources: without this, tests importing '@switchyard/core' would never see a mutant. It resolves
// those imports (CommonJS, as tsx runs the tests) to the sources of the copy the process runs in.
import Module from 'node:module';
import path from 'node:path';

const PACKAGES = /^@switchyard\/(protocol|core|hostio|server|engine)$/;
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const m = PACKAGES.exec(request);
  return resolve.call(this, m ? path.join(process.cwd(), m[1], 'src', 'index.ts') : request, ...rest);
};
