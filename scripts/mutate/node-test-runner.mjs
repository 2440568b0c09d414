// A StrykerJS test runner for this repository's `node:test` files that runs them inside Stryker's own test
// runner process instead of starting `node --import tsx` once per test file and mutant (the tap runner).
// Selected with `"testRunner": "node-test-inproc"` (stryker.config.json); the test files are the tap
// runner's `tap.testFiles` globs, so `"testRunner": "tap"` still works with the same config.
//
// How it stays exact:
// - Every run (the dry run and each mutant) starts from fresh modules: the sandbox's own modules (sources,
//   tests, test helpers; not node_modules) are dropped from the require cache and the test files are loaded
//   again with the mutant already active, so a mutant in a module's top-level code (a constant, a table)
//   and state kept in a module (memo caches) behave as in a new process.
// - Coverage is per test (not per file): a mutant runs only the tests that reached it. What a file's loading
//   and its before/after hooks reach is counted for every test of that file (each file is loaded on its own
//   in the dry run, so the sources' top-level code counts for all of them).
// - Only the `node:test` API the unit tests use is provided: test/it (with or without options; skip, todo),
//   describe/suite, before/after, beforeEach/afterEach. Anything else fails loudly in the dry run.
// An endless loop in a mutant blocks this process; Stryker's timeout then kills it and starts a new one.
import { readFileSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate } from 'node:timers';
import { glob } from 'glob';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import {
  DryRunStatus,
  TestStatus,
  determineHitLimitReached,
  toMutantRunResult,
} from '@stryker-mutator/api/test-runner';
import { INSTRUMENTER_CONSTANTS } from '@stryker-mutator/api/core';

const SEP = ' :: ';
const NS = INSTRUMENTER_CONSTANTS.NAMESPACE;

/** The `node:test` stand-in the test files get while they load. */
function makeShim(state) {
  function parse(args) {
    let name;
    let options = {};
    let fn;
    for (const a of args) {
      if (typeof a === 'string') name = a;
      else if (typeof a === 'function') fn = a;
      else if (a && typeof a === 'object') options = a;
    }
    return { name: name ?? fn?.name ?? '<anonymous>', options, fn };
  }
  function test(...args) {
    const { name, options, fn } = parse(args);
    if (!state.file) throw new Error(`node:test shim: test('${name}') called outside a test file's loading`);
    const full = [...state.prefix, name].join(' > ');
    let id = `${state.file}${SEP}${full}`;
    for (let n = 2; state.ids.has(id); n++) id = `${state.file}${SEP}${full} (${n})`;
    state.ids.add(id);
    const skip = options.skip || options.todo;
    state.tests.push({
      id,
      name: full,
      fn,
      skip: Boolean(skip) || !fn,
      hooks: { beforeEach: [...state.each.beforeEach], afterEach: [...state.each.afterEach] },
    });
  }
  test.skip = (...a) => test(...a, { skip: true });
  test.todo = (...a) => test(...a, { todo: true });
  test.only = test;
  function describe(...args) {
    const { name, options, fn } = parse(args);
    if (options.skip || options.todo || !fn) return;
    state.prefix.push(name);
    const saved = state.each;
    state.each = { ...saved, beforeEach: [...saved.beforeEach], afterEach: [...saved.afterEach] };
    try {
      const r = fn();
      if (r && typeof r.then === 'function') throw new Error(`node:test shim: describe('${name}') is async`);
    } finally {
      state.prefix.pop();
      state.each = saved;
    }
  }
  describe.skip = () => {};
  const before = (fn) => state.before.push(fn);
  const after = (fn) => state.after.push(fn);
  const beforeEach = (fn) => state.each.beforeEach.push(fn);
  const afterEach = (fn) => state.each.afterEach.push(fn);
  const unsupported = (what) => () => {
    throw new Error(`node:test shim: ${what} is not provided (scripts/mutate/node-test-runner.mjs)`);
  };
  const shim = { test, it: test, describe, suite: describe, before, after, beforeEach, afterEach };
  shim.default = shim;
  shim.run = unsupported('run()');
  return shim;
}

class NodeTestInProcRunner {
  static inject = tokens(commonTokens.options, commonTokens.logger);
  constructor(options, log) {
    this.options = options;
    this.log = log;
    this.files = [];
    /** Each test file's time in the dry run (loading, hooks and all its tests), in ms. */
    this.fileTime = new Map();
    this.state = {
      file: undefined,
      prefix: [],
      tests: [],
      ids: new Set(),
      before: [],
      after: [],
      each: null,
    };
    this.shim = makeShim(this.state);
    this.currentError = undefined;
  }

  capabilities() {
    // Every run reloads the modules itself (see above), so the process never needs replacing.
    return { reloadEnvironment: true };
  }

  async init() {
    const root = process.cwd();
    this.root = root;
    this.require = createRequire(path.join(root, 'noop.js'));
    const g = globalThis;
    g[NS] = g[NS] ?? {};
    this.ns = g[NS];
    // TypeScript through tsx's CommonJS hook (as `node --import tsx` loads these CommonJS test files).
    this.require('tsx/cjs/api').register();
    // @switchyard/<package> resolves to this sandbox's sources (see workspaces.mjs).
    await import(path.join(root, 'scripts', 'mutate', 'workspaces.mjs'));
    const shim = this.shim;
    const load = Module._load;
    Module._load = function (request, ...rest) {
      if (request === 'node:test' || request === 'test') return shim;
      return load.call(this, request, ...rest);
    };
    const patterns = this.options.tap?.testFiles ?? [];
    const found = new Set();
    for (const p of patterns) for (const f of await glob(p, { cwd: root, posix: true })) found.add(f);
    this.files = [...found].sort();
    // A runner started after a timeout has had no dry run: it reads the file times the first one wrote.
    try {
      this.fileTime = new Map(Object.entries(JSON.parse(readFileSync(this.timesFile(), 'utf8'))));
    } catch {
      // No dry run yet: this is the first runner.
    }
    if (this.files.length === 0) throw new Error(`no test files match ${patterns.join(', ')} in ${root}`);
    process.on('uncaughtException', (e) => {
      this.currentError ??= e;
    });
    process.on('unhandledRejection', (e) => {
      this.currentError ??= e;
    });
  }

  timesFile() {
    return path.join(this.root, '.node-test-inproc-times.json');
  }

  /** Forget every module of the sandbox (not node_modules) so the next load starts fresh. */
  purge() {
    const nm = `${path.sep}node_modules${path.sep}`;
    for (const key of Object.keys(Module._cache)) {
      if (key.startsWith(this.root + path.sep) && !key.includes(nm))
        Reflect.deleteProperty(Module._cache, key);
    }
  }

  /** Load one test file; returns its tests and hooks, or the error its loading threw. */
  loadFile(file) {
    const s = this.state;
    Object.assign(s, { file, prefix: [], tests: [], ids: new Set(), before: [], after: [] });
    s.each = { beforeEach: [], afterEach: [] };
    let error;
    try {
      this.require(path.join(this.root, file));
    } catch (e) {
      error = e;
    }
    const out = { tests: s.tests, before: s.before, after: s.after, error };
    s.file = undefined;
    return out;
  }

  async call(fn, arg) {
    this.currentError = undefined;
    await fn(arg);
    // Let a rejection or throw from a callback the test did not await surface, as node:test would report it.
    await new Promise((r) => setImmediate(r));
    if (this.currentError) throw this.currentError;
  }

  async runTest(t) {
    const start = performance.now();
    const base = { id: t.id, name: t.name, fileName: t.id.slice(0, t.id.indexOf(SEP)) };
    if (t.skip) return { ...base, status: TestStatus.Skipped, timeSpentMs: 0 };
    const ctx = makeContext(t.name);
    try {
      for (const h of t.hooks.beforeEach) await this.call(h, ctx);
      await this.call(t.fn, ctx);
      for (const h of t.hooks.afterEach) await this.call(h, ctx);
      for (const h of ctx.afters) await this.call(h);
      return { ...base, status: TestStatus.Success, timeSpentMs: Math.round(performance.now() - start) };
    } catch (e) {
      return {
        ...base,
        status: TestStatus.Failed,
        failureMessage: e instanceof Error ? `${e.name}: ${e.message}` : String(e),
        timeSpentMs: Math.round(performance.now() - start),
      };
    }
  }

  /**
   * Runs `wanted` (test ids grouped by file; all tests of a file when its list is undefined). In a dry run,
   * records coverage per test.
   */
  async runFiles(wanted, { dryRun, bail }) {
    const results = [];
    const ns = this.ns;
    const cov = () => (ns.mutantCoverage ??= { static: {}, perTest: {} });
    for (const [file, ids] of wanted) {
      const started = performance.now();
      this.purge();
      const fileKey = `${file}${SEP}<load and hooks>`;
      if (dryRun) ns.currentTestId = fileKey;
      const loaded = this.loadFile(file);
      const selected = ids ? loaded.tests.filter((t) => ids.has(t.id)) : loaded.tests;
      let failed = false;
      const fail = (e, what) => {
        failed = true;
        const msg = `${what} of ${file} failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`;
        const targets = selected.length > 0 ? selected : [{ id: fileKey, name: fileKey }];
        for (const t of targets) {
          results.push({
            id: t.id,
            name: t.name,
            fileName: file,
            status: TestStatus.Failed,
            failureMessage: msg,
            timeSpentMs: 0,
          });
        }
      };
      if (loaded.error) fail(loaded.error, 'loading');
      else {
        try {
          for (const h of loaded.before) await this.call(h);
        } catch (e) {
          fail(e, 'a before() hook');
        }
      }
      if (!failed) {
        if (ids && selected.length !== ids.size) {
          const known = new Set(selected.map((t) => t.id));
          const missing = [...ids].filter((id) => !known.has(id));
          throw new Error(`tests not found in ${file}: ${missing.join(', ')}`);
        }
        for (const t of selected) {
          if (dryRun) ns.currentTestId = t.id;
          const r = await this.runTest(t);
          results.push(r);
          if (r.status === TestStatus.Failed) {
            failed = true;
            if (bail) break;
          }
        }
        if (dryRun) ns.currentTestId = fileKey;
        try {
          for (const h of loaded.after) await this.call(h);
        } catch (e) {
          if (!failed) fail(e, 'an after() hook');
        }
      }
      if (dryRun) {
        this.fileTime.set(file, performance.now() - started);
        ns.currentTestId = undefined;
        // What loading and the hooks reached counts for every test of the file.
        const c = cov();
        const shared = c.perTest[fileKey] ?? {};
        Reflect.deleteProperty(c.perTest, fileKey);
        for (const t of loaded.tests) {
          const own = (c.perTest[t.id] ??= {});
          for (const [m, n] of Object.entries(shared)) own[m] = (own[m] ?? 0) + n;
        }
      }
      if (failed && bail) break;
    }
    return results;
  }

  async dryRun(options) {
    const ns = this.ns;
    delete ns.activeMutant;
    delete ns.hitLimit;
    delete ns.hitCount;
    ns.mutantCoverage = { static: {}, perTest: {} };
    const files = options.testFiles ?? this.files;
    const tests = await this.runFiles(
      files.map((f) => [f, undefined]),
      { dryRun: true, bail: false },
    );
    writeFileSync(this.timesFile(), JSON.stringify(Object.fromEntries(this.fileTime)));
    const mutantCoverage = options.coverageAnalysis === 'off' ? undefined : ns.mutantCoverage;
    ns.mutantCoverage = undefined;
    return { status: DryRunStatus.Complete, tests, mutantCoverage };
  }

  async mutantRun(options) {
    const ns = this.ns;
    ns.activeMutant = options.activeMutant.id;
    if (options.hitLimit !== undefined) {
      ns.hitLimit = options.hitLimit;
      ns.hitCount = 0;
    } else {
      delete ns.hitLimit;
      delete ns.hitCount;
    }
    let wanted;
    if (options.testFilter) {
      wanted = new Map();
      for (const id of options.testFilter) {
        const at = id.indexOf(SEP);
        const file = at < 0 ? id : id.slice(0, at);
        if (!wanted.has(file)) wanted.set(file, new Set());
        wanted.get(file).add(id);
      }
    } else wanted = new Map(this.files.map((f) => [f, undefined]));
    // The test files most likely to kill the mutant first: those named after the mutated file (its rule id,
    // `K8S019`, or its name, `cache`), then the cheapest by their dry-run time. Each file loads the sources
    // again, so a rule's mutant covered by every file of the tier (each runs all the rules) would otherwise
    // load dozens of files before its own. Every wanted test still runs when none fails, so a mutant's
    // status is the same in any order.
    const stem = path.basename(options.activeMutant.fileName ?? '').replace(/\.ts$/, '');
    const own = /^[A-Z0-9]+?\d{3}(?=-)/.exec(stem)?.[0] ?? stem;
    const first = (f) => (own !== '' && path.basename(f).startsWith(own) ? 0 : 1);
    const time = (f) => this.fileTime.get(f) ?? Infinity;
    wanted = new Map([...wanted].sort((a, b) => first(a[0]) - first(b[0]) || time(a[0]) - time(b[0])));
    try {
      const tests = await this.runFiles(wanted, { dryRun: false, bail: !options.disableBail });
      const hit = determineHitLimitReached(ns.hitCount, ns.hitLimit);
      if (hit) return toMutantRunResult(hit);
      return toMutantRunResult({ status: DryRunStatus.Complete, tests });
    } catch (e) {
      const hit = determineHitLimitReached(ns.hitCount, ns.hitLimit);
      if (hit) return toMutantRunResult(hit);
      throw e;
    } finally {
      ns.activeMutant = undefined;
      ns.mutantCoverage = undefined;
    }
  }

  async dispose() {}
}

function makeContext(name) {
  const afters = [];
  const ctx = {
    name,
    afters,
    after: (fn) => afters.push(fn),
    diagnostic: () => {},
    plan: () => {},
    skip: () => {},
    todo: () => {},
  };
  return ctx;
}

export const strykerValidationSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  properties: {
    nodeTestInproc: {
      description: 'Options of scripts/mutate/node-test-runner.mjs.',
      type: 'object',
      properties: {
        keepLoaded: {
          description: 'Folders (relative to the project) whose modules stay loaded between runs.',
          type: 'array',
          items: { type: 'string' },
          default: [],
        },
      },
      additionalProperties: false,
      default: {},
    },
  },
};

export const strykerPlugins = [
  declareClassPlugin(PluginKind.TestRunner, 'node-test-inproc', NodeTestInProcRunner),
];
