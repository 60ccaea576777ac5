// Where Debian's Firefox and WebKit (with their automation) live, and how to get them. The cross-engine
// journeys (tests/browsers/) drive Firefox over WebDriver BiDi (puppeteer-core, no geckodriver) and
// WebKitGTK's MiniBrowser through WebKitWebDriver under Xvfb (webdriverio, classic WebDriver).
import { existsSync, readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** The engines `npm test -- browsers` runs; `BROWSERS=firefox` (comma-separated) picks some. */
export const ENGINES = ['firefox', 'webkit', 'chromium'];

/** What each engine needs: an executable per part, where to look, and the Debian package. */
const PARTS = {
  firefox: [
    {
      what: 'Firefox',
      env: 'FIREFOX_PATH',
      candidates: ['/usr/bin/firefox-esr', '/usr/lib/firefox-esr/firefox-esr', '/usr/bin/firefox'],
      pkg: 'firefox-esr',
    },
  ],
  webkit: [
    {
      what: 'WebKitWebDriver',
      env: 'WEBKIT_WEBDRIVER_PATH',
      candidates: ['/usr/bin/WebKitWebDriver'],
      pkg: 'webkit2gtk-driver',
    },
    {
      what: 'MiniBrowser (WebKitGTK)',
      env: 'MINIBROWSER_PATH',
      candidates: libDirs().map((dir) => `${dir}/webkit2gtk-4.1/MiniBrowser`),
      // MiniBrowser ships in the library package, which the driver depends on.
      pkg: 'webkit2gtk-driver',
    },
    { what: 'Xvfb', env: 'XVFB_PATH', candidates: ['/usr/bin/Xvfb'], pkg: 'xvfb' },
  ],
  // Chromium is Playwright's, found and installed by scripts/chromium.mjs.
  chromium: [],
};

/** Multiarch library directories (/usr/lib/x86_64-linux-gnu, /usr/lib/aarch64-linux-gnu, ...). */
function libDirs() {
  try {
    return readdirSync('/usr/lib')
      .filter((name) => name.endsWith('-linux-gnu'))
      .map((name) => `/usr/lib/${name}`);
  } catch {
    return [];
  }
}

const find = (part) =>
  [process.env[part.env], ...part.candidates].filter(Boolean).find((path) => existsSync(path));

/** The engines asked for: `BROWSERS` (comma-separated) or all of them. */
export function selectedEngines(value = process.env.BROWSERS) {
  const names = (value ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((name) => !ENGINES.includes(name));
  if (unknown.length) {
    throw new Error(
      `BROWSERS: unknown engine(s) ${unknown.join(', ')}; known: ${ENGINES.join(', ')}`,
    );
  }
  return names.length ? ENGINES.filter((name) => names.includes(name)) : [...ENGINES];
}

/** The command that installs what `engines` lack. */
export function installCommand(engines) {
  const pkgs = [
    ...new Set(
      engines.flatMap((engine) => PARTS[engine].filter((p) => !find(p)).map((p) => p.pkg)),
    ),
  ];
  return pkgs.length ? `apt-get update && apt-get install -y ${pkgs.join(' ')}` : '';
}

/**
 * Paths for the engines' parts, e.g. `{ firefox: '/usr/bin/firefox-esr', webkitDriver: ... }`.
 * Throws, naming what is missing and the command that installs it, when a part is not found.
 */
export function browserPaths(engines = selectedEngines()) {
  const missing = engines.flatMap((engine) => PARTS[engine].filter((part) => !find(part)));
  if (missing.length) {
    throw new Error(
      `Not found: ${missing.map((p) => `${p.what} (or set ${p.env})`).join(', ')}. ` +
        `Install with \`${installCommand(engines)}\` (as root).`,
    );
  }
  const [webkitDriver, miniBrowser, xvfb] = PARTS.webkit.map(find);
  return { firefox: find(PARTS.firefox[0]), webkitDriver, miniBrowser, xvfb };
}

/**
 * Returns the engines' paths, installing Debian's packages first when some are missing and this
 * process may (root with apt-get). Exits with the command to run otherwise.
 */
export function ensureBrowsers(engines = selectedEngines(), { log = console.log } = {}) {
  const command = installCommand(engines);
  if (command) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
    if (!isRoot || !hasApt) {
      console.error(
        `The ${engines.join(' and ')} journeys need packages that are missing. Run \`${command}\` (as root).`,
      );
      process.exit(1);
    }
    log(`Installing the browsers' packages: ${command}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const pkgs = command.replace(/^.*install -y /, '').split(' ');
    for (const args of [
      ['update', '-qq'],
      ['install', '-y', '-qq', ...pkgs],
    ]) {
      const result = spawnSync('apt-get', args, { stdio: ['ignore', 'ignore', 'inherit'], env });
      if (result.status !== 0) {
        console.error(`apt-get ${args.join(' ')} failed. Run \`${command}\` (as root).`);
        process.exit(1);
      }
    }
  }
  try {
    return browserPaths(engines);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(ensureBrowsers());
}
