// Mutation testing (npm run test:mutation; docs/mutation-testing.md): the modules where a wrong
// boundary is a security or legal failure, listed in stryker/modules.mjs with their tests.
// One file: npx stryker run --mutate src/x.ts --testFiles test/y.test.ts
import { ALL, MODULES } from './stryker/modules.mjs';

// The tests run on SQLite only (PostgreSQL's tests are skipped: TEST_POSTGRES_URL points at a
// closed port) unless MUTATION_POSTGRES=1; the mutated modules do not branch on the provider but
// for the audit chain's advisory lock.
if (process.env.MUTATION_POSTGRES !== '1') process.env.TEST_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:9/postgres';

const name = process.env.MUTATION_MODULE;
if (name !== undefined && !(name in MODULES))
  throw new Error(`MUTATION_MODULE: no module ${name} in stryker/modules.mjs`);
const chosen = name === undefined ? ALL : MODULES[name];
// the reports' name: the module's, or MUTATION_REPORT (a run of some files with --mutate)
const report = process.env.MUTATION_REPORT ?? name ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.config.ts', related: false },
  incremental: true,
  incrementalFile: `reports/mutation/${report}.incremental.json`,
  coverageAnalysis: 'perTest',
  // A static mutant (a module-level constant) runs every test of the module, each file's set-up
  // included: one costs as much as a whole dry run. They are left out; the constants that are
  // limits (flood 12 in 20 s, session 12 h, 5 wrong codes…) are asserted by tests directly.
  ignoreStatic: true,
  plugins: ['@stryker-mutator/vitest-runner', './stryker/ignore-log-messages.mjs'],
  ignorers: ['log-messages'],
  // one module of stryker/modules.mjs (MUTATION_MODULE, set by npm run test:mutation), or all of
  // them at once (npx stryker run); --mutate and --testFiles on the command line override both
  mutate: chosen.mutate,
  testFiles: chosen.testFiles,
  // two cores, shared: more workers only queue for them (MUTATION_CONCURRENCY=1 to run two modules side by side)
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 2),
  // a mutant that hangs (a loop that never ends) is a timeout: counted as killed; on top of twice
  // the tests' own time, 5 s is enough here, and a longer wait only slows the run
  timeoutMS: 5_000,
  timeoutFactor: 2,
  // types are checked by npm run typecheck; a mutant that does not compile still runs (and dies)
  disableTypeChecks: true,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${report}.html` },
  jsonReporter: { fileName: `reports/mutation/${report}.json` },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  thresholds: { high: 90, low: 85, break: null },
};
