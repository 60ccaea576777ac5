#!/usr/bin/env node
// `npm test`: every suite, in order, each reported; a closing line "N passed, N failed" sums them.
// Static checks (types, lint, format, builds) count as one test each. Exits non-zero on any failure.
// Run a subset by name: `npm test -- unit stories`.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
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

/** Counts from a Jest or Vitest JSON report; a run that reported nothing counts as one failure. */
function countsFromJson(file, code) {
  if (!existsSync(file)) return { passed: 0, failed: 1 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const passed = report.numPassedTests ?? 0;
  let failed = report.numFailedTests ?? 0;
  if (code !== 0 && failed === 0) failed = 1; // a crash, a failed suite file, or zero tests
  if (passed + failed === 0) failed = 1;
  return { passed, failed };
}

/** A Vitest run whose JSON report gives the counts. */
const vitest = (name, args) => async () => {
  const file = `${RESULTS}/${name}.json`;
  const code = await run('npx', [
    'vitest',
    'run',
    ...args,
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
  format: check('npx', ['prettier', '--check', '--log-level=warn', '.']),
  unit: vitest('unit', []),
  'size-budget': check('node', ['scripts/size-budget.mjs', '--json', `${RESULTS}/size.json`]),
  'storybook-build': check('npx', ['storybook', 'build', '-o', 'storybook-static', '--quiet']),
  stories: async () => {
    ensureChromium();
    const server = await startStaticServer('storybook-static', 6106);
    try {
      const file = `${RESULTS}/stories.json`;
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
      const ms = mine.reduce((sum, t) => sum + (t.duration ?? 0), 0);
      return {
        name: `  ${engine}`,
        passed: count('passed'),
        failed: mine.length - count('passed'),
        seconds: (ms / 1000).toFixed(1),
        failures: mine.filter((t) => t.status !== 'passed').map((t) => t.title),
      };
    });
    return { ...result, rows };
  },
};

const wanted = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const unknown = wanted.filter((name) => !(name in steps));
if (unknown.length) {
  console.error(`Unknown suite(s): ${unknown.join(', ')}. Known: ${Object.keys(steps).join(', ')}`);
  process.exit(2);
}
// Install the browsers before anything else, so a missing one fails fast with its message.
ensureChromium();
if (!wanted.length || wanted.includes('browsers')) {
  try {
    ensureBrowsers(selectedEngines());
  } catch (error) {
    console.error(error.message); // BROWSERS names an unknown engine
    process.exit(2);
  }
}

const rows = [];
for (const [name, step] of Object.entries(steps)) {
  if (wanted.length && !wanted.includes(name)) continue;
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const result = await step();
  rows.push({ name, ...result, seconds: ((Date.now() - started) / 1000).toFixed(1) });
}

console.log('\nSuite              passed  failed  seconds');
const line = (row) =>
  console.log(
    `${row.name.padEnd(18)} ${String(row.passed).padStart(6)}  ${String(row.failed).padStart(6)}  ${row.seconds.padStart(7)}`,
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
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
