#!/usr/bin/env node
// `npm test`: every suite, in order, each reported; a closing line "N passed, N failed, N skipped"
// sums them. Static checks (types, lint, format, builds) count as one test each. Exits non-zero on
// any failure.
// Run a subset by name: `npm test -- unit stories`.
// Run test files, or tests by name, in the Vitest suites (unit; e2e and browsers for files under
// tests/e2e and tests/browsers): `npm run test:unit -- src/x.test.ts -t 'some test'`. An argument
// with a `/` or ending in .ts/.tsx is a file (Vitest's filter); `-t`/`--testNamePattern` goes with
// it, to the unit suite when no Vitest suite or file is named.
// Chromium (and the other engines) are ensured up front, and only for suites that open a browser.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ensureBrowsers, selectedEngines } from './browsers.mjs';
import { ensureChromium } from './chromium.mjs';
import { startStaticServer } from './serve.mjs';

const RESULTS = 'test-results';
mkdirSync(RESULTS, { recursive: true });

/** Runs a command with inherited output; resolves to its exit code. */
function run(cmd, args, { env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(1));
  });
}

const check = (cmd, args) => async () => {
  const code = await run(cmd, args);
  return { passed: code === 0 ? 1 : 0, failed: code === 0 ? 0 : 1 };
};

/**
 * Counts from a Jest or Vitest JSON report; a run that reported nothing counts as one failure.
 * Skipped: the report's pending and todo tests (`.skip`, `skipIf`, `.todo`, and those `-t` left out).
 */
function countsFromJson(file, code) {
  if (!existsSync(file)) return { passed: 0, failed: 1, skipped: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if (code !== 0 && failed === 0) failed = 1; // a crash, a failed suite file, or zero tests
  if (passed + failed === 0) {
    console.error(`No test ran (${file}).`);
    failed = 1;
  }
  return { passed, failed, skipped };
}

/** The Vitest suites: files and `-t` from the command line go to these (see `parseArgs`). */
const VITEST_SUITES = ['unit', 'e2e', 'browsers'];
/** Per Vitest suite, the files and `-t` asked for on the command line; filled in below. */
const vitestFilters = Object.fromEntries(VITEST_SUITES.map((name) => [name, []]));
/** The `-t` pattern, if any. */
let namePattern;
/** Whether `-t pattern` picks a test of this full name (as Vitest reads it: a regular expression). */
function matches(pattern, name) {
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return name.includes(pattern);
  }
}

/** A Vitest run whose JSON report gives the counts. */
const vitest = (name, args) => async () => {
  const file = `${RESULTS}/${name}.json`;
  rmSync(file, { force: true }); // a crashed run must not report the last run's counts
  const code = await run('npx', [
    'vitest',
    'run',
    ...args,
    ...vitestFilters[name],
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${file}`,
  ]);
  return countsFromJson(file, code);
};

const steps = {
  typecheck: async () => {
    const root = await run('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
    const website = await run('npx', ['tsc', '-p', 'website/tsconfig.json', '--noEmit']);
    return { passed: (root === 0) + (website === 0), failed: (root !== 0) + (website !== 0) };
  },
  lint: check('npx', ['eslint', '.', '--max-warnings=0']),
  // The layers of src/ (.dependency-cruiser.cjs): no import cycles, parts that know only their props.
  layers: check('npx', ['depcruise', 'src', '--config', '.dependency-cruiser.cjs']),
  format: check('npx', ['prettier', '--check', '--log-level=warn', '.']),
  unit: vitest('unit', []),
  'size-budget': check('node', ['scripts/size-budget.mjs', '--json', `${RESULTS}/size.json`]),
  'storybook-build': check('npx', ['storybook', 'build', '-o', 'storybook-static', '--quiet']),
  stories: async () => {
    ensureChromium();
    const server = await startStaticServer('storybook-static', 6106);
    try {
      const file = `${RESULTS}/stories.json`;
      rmSync(file, { force: true });
      const code = await run('npx', [
        'test-storybook',
        '--url',
        server.url,
        '--ci',
        '--maxWorkers=2',
        '--json',
        '--outputFile',
        file,
      ]);
      return countsFromJson(file, code);
    } finally {
      await server.close();
    }
  },
  // Every story photographed from the static Storybook above and compared with its baseline.
  visual: async () => {
    const file = `${RESULTS}/visual.json`;
    return countsFromJson(file, await run('node', ['scripts/visual.mjs', '--json', file]));
  },
  'website-build': check('npm', ['run', 'build', '-w', 'website']),
  e2e: async () => {
    ensureChromium();
    return vitest('e2e', ['-c', 'vitest.e2e.config.ts'])();
  },
  // The reader's journeys in Firefox, WebKit and Chromium (`BROWSERS=firefox` for one); a sub-row
  // per engine in the summary.
  browsers: async () => {
    const file = `${RESULTS}/browsers.json`;
    rmSync(file, { force: true }); // a crashed run must not report the last run's rows
    const result = await vitest('browsers', ['-c', 'vitest.browsers.config.ts'])();
    const tests = existsSync(file)
      ? JSON.parse(readFileSync(file, 'utf8')).testResults.flatMap((f) => f.assertionResults)
      : [];
    const rows = selectedEngines().map((engine) => {
      const mine = tests.filter((t) => t.title.startsWith(`${engine} › `));
      const count = (status) => mine.filter((t) => t.status === status).length;
      // Skipped: the journeys `-t` left out. Any other that did not pass failed (a journey skipped
      // because its engine did not start, say).
      const leftOut = (t) =>
        namePattern !== undefined &&
        ['skipped', 'todo'].includes(t.status) &&
        !matches(namePattern, t.fullName ?? t.title);
      const skipped = mine.filter(leftOut).length;
      const ms = mine.reduce((sum, t) => sum + (t.duration ?? 0), 0);
      return {
        name: `  ${engine}`,
        passed: count('passed'),
        failed: mine.length - count('passed') - skipped,
        skipped,
        seconds: (ms / 1000).toFixed(1),
        failures: mine.filter((t) => t.status !== 'passed' && !leftOut(t)).map((t) => t.title),
      };
    });
    return { ...result, rows };
  },
};

/** The suites that open a browser (Chromium; `browsers` also Firefox and WebKit). */
const NEEDS_CHROMIUM = ['stories', 'visual', 'e2e', 'browsers'];

const fail = (message) => {
  console.error(message);
  process.exit(2);
};

/** A test file (or a folder of them), as opposed to a suite's name. */
const isPath = (arg) => arg.includes('/') || /\.tsx?$/.test(arg);

/** The Vitest suite a test file belongs to: e2e and browsers by folder, unit otherwise. */
function suiteOfPath(path) {
  const rel = relative(process.cwd(), resolve(path)).split('\\').join('/');
  if (rel === 'tests/e2e' || rel.startsWith('tests/e2e/')) return 'e2e';
  if (rel === 'tests/browsers' || rel.startsWith('tests/browsers/')) return 'browsers';
  return 'unit';
}

/**
 * Suite names, test files and `-t`/`--testNamePattern` from the command line. Other options are
 * ignored, as they always were.
 */
function parseArgs(args) {
  const names = [];
  const paths = [];
  let pattern;
  const unknown = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i];
    if (arg === '-t' || arg === '--testNamePattern') {
      pattern = args[(i += 1)];
      if (pattern === undefined) fail(`${arg} needs a test name (a pattern).`);
    } else if (arg.startsWith('--testNamePattern=')) {
      pattern = arg.slice('--testNamePattern='.length);
    } else if (arg.startsWith('-t=')) {
      pattern = arg.slice('-t='.length);
    } else if (arg.startsWith('-')) {
      continue;
    } else if (arg in steps) {
      names.push(arg);
    } else if (isPath(arg)) {
      paths.push(arg);
    } else {
      unknown.push(arg);
    }
  }
  if (unknown.length) {
    fail(
      `Unknown suite(s): ${unknown.join(', ')}. Known: ${Object.keys(steps).join(', ')} ` +
        '(or test files: paths with a / or ending in .ts/.tsx).',
    );
  }
  const wanted = [...names];
  const namedVitest = names.filter((name) => VITEST_SUITES.includes(name));
  // Files go to their suite; one a named Vitest suite does not run is a mistake, not a new suite.
  for (const path of paths) {
    const suite = suiteOfPath(path);
    if (namedVitest.length && !namedVitest.includes(suite)) {
      fail(`${path} belongs to the ${suite} suite, which was not asked for (${names.join(', ')}).`);
    }
    if (!wanted.includes(suite)) wanted.push(suite);
    vitestFilters[suite].push(path);
  }
  if (pattern !== undefined) {
    namePattern = pattern;
    let targets = wanted.filter((name) => VITEST_SUITES.includes(name));
    if (!targets.length && !names.length) targets = ['unit'];
    if (!targets.length) fail(`-t applies to the Vitest suites (${VITEST_SUITES.join(', ')}).`);
    for (const suite of targets) {
      if (!wanted.includes(suite)) wanted.push(suite);
      vitestFilters[suite].push(`--testNamePattern=${pattern}`);
    }
  }
  return wanted;
}

const wanted = parseArgs(process.argv.slice(2));
const selected = Object.keys(steps).filter((name) => !wanted.length || wanted.includes(name));

// Install the browsers before anything else, so a missing one fails fast with its message; only
// when a selected suite opens one (unit, typecheck, lint, format and the builds do not).
if (selected.some((name) => NEEDS_CHROMIUM.includes(name))) ensureChromium();
if (selected.includes('browsers')) {
  try {
    ensureBrowsers(selectedEngines());
  } catch (error) {
    fail(error.message); // BROWSERS names an unknown engine
  }
}

const rows = [];
for (const name of selected) {
  const step = steps[name];
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = await step();
  rows.push({ name, ...result, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}

console.log('\nSuite              passed  failed  skipped  seconds');
const line = (row) =>
  console.log(
    `${row.name.padEnd(18)} ${String(row.passed).padStart(6)}  ${String(row.failed).padStart(6)}  ${String(row.skipped ?? 0).padStart(7)}  ${row.seconds.padStart(7)}`,
  );
for (const row of rows) {
  line(row);
  // A suite's own rows (the browsers step: one per engine, its failed journeys named).
  for (const sub of row.rows ?? []) {
    line(sub);
    for (const title of sub.failures) console.log(`    failed: ${title}`);
  }
}
const passed = rows.reduce((sum, row) => sum + row.passed, 0);
const failed = rows.reduce((sum, row) => sum + row.failed, 0);
const skipped = rows.reduce((sum, row) => sum + (row.skipped ?? 0), 0);
console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
