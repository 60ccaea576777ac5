// Where Debian's Chromium lives, and how to get it. Playwright cannot download its own browser on
// these machines, so every browser test (stories, e2e, bench) launches this one.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** The flags every headless launch uses (see README, "Browsers"). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  // The real binary: skips the Debian wrapper script and its harmless stderr noise.
  '/usr/lib/chromium/chromium',
  '/usr/bin/chromium',
].filter(Boolean);

/** The first Chromium executable found, or undefined. */
export function chromiumPath() {
  return CANDIDATES.find((path) => existsSync(path));
}

const HOW_TO =
  'Install Debian Chromium with `apt-get update && apt-get install -y chromium` (as root), ' +
  'or set CHROMIUM_PATH to a Chromium executable.';

/**
 * Returns Chromium's path, installing Debian's package first when it is missing and this process
 * may (root with apt-get). Exits with a clear message otherwise.
 */
export function ensureChromium({ log = console.log } = {}) {
  const found = chromiumPath();
  if (found) return found;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
  if (!isRoot || !hasApt) {
    console.error(`Chromium is needed for the browser tests and was not found. ${HOW_TO}`);
    process.exit(1);
  }
  log('Chromium not found: installing Debian chromium (apt-get)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [
    ['update', '-qq'],
    ['install', '-y', '-qq', 'chromium'],
  ]) {
    const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (result.status !== 0) {
      console.error(`apt-get ${args.join(' ')} failed. ${HOW_TO}`);
      process.exit(1);
    }
  }
  const installed = chromiumPath();
  if (!installed) {
    console.error(`Chromium still not found after installing. ${HOW_TO}`);
    process.exit(1);
  }
  return installed;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureChromium());
}
