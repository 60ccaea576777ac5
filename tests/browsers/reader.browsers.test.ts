/**
 * The reader's journeys (journeys.ts) in every engine: Firefox (puppeteer-core over WebDriver BiDi),
 * WebKit (webdriverio over classic WebDriver, MiniBrowser under Xvfb) and Chromium (Playwright), on
 * the built site against the contract server, one row per engine and journey.
 *
 * `BROWSERS=firefox` (comma-separated) runs some engines only. Sites and ports as tests/e2e
 * (E2E_SITE_DIR, E2E_SITE_PORT, E2E_BACKEND_PORT).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserPaths, selectedEngines } from '../../scripts/browsers.mjs';
import { startHarness, type Harness } from '../e2e/harness';
import { chromiumEngine } from './chromium';
import { launchFirefox } from './firefox';
import { ALWAYS_ALLOWED, journeys } from './journeys';
import { startOutside, type Outside } from './outside';
import { Reader, type Engine, type EngineName } from './page';
import { launchWebKit } from './webkit';

const engines = selectedEngines();
const paths = browserPaths(engines);

let harness: Harness;
let outside: Outside;
const versions: Partial<Record<EngineName, string>> = {};
const results: { engine: EngineName; journey: string; outcome: string }[] = [];

beforeAll(async () => {
  outside = await startOutside();
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
  await outside?.close();
  const width = Math.max(...journeys.map((j) => j.name.length));
  const lines = [
    'Cross-engine journeys',
    `  ${''.padEnd(width)}  ${engines.map((e) => e.padEnd(14)).join('')}`,
    ...journeys.map(
      (j) =>
        `  ${j.name.padEnd(width)}  ${engines
          .map(
            (e) =>
              results.find((row) => row.engine === e && row.journey === j.name)?.outcome ??
              'not run',
          )
          .map((cell) => cell.padEnd(14))
          .join('')}`,
    ),
    `  engines: ${engines.map((e) => versions[e] ?? `${e} (not started)`).join(', ')}`,
  ];
  console.log(lines.join('\n'));
});

async function launch(name: EngineName): Promise<Engine> {
  if (name === 'firefox') return launchFirefox(paths.firefox!, outside.port);
  if (name === 'webkit') {
    return launchWebKit(
      { webkitDriver: paths.webkitDriver!, miniBrowser: paths.miniBrowser!, xvfb: paths.xvfb! },
      outside.port,
    );
  }
  return chromiumEngine(harness.browser, outside.port);
}

for (const name of engines) {
  describe(name, () => {
    let engine: Engine | undefined;

    beforeAll(async () => {
      engine = await launch(name);
      versions[name] = engine.version;
    });
    afterAll(async () => {
      await engine?.close();
    });

    for (const journey of journeys) {
      it(`${name} › ${journey.name}`, async () => {
        const started = Date.now();
        const record = (outcome: string) =>
          results.push({
            engine: name,
            journey: journey.name,
            outcome: `${outcome} ${((Date.now() - started) / 1000).toFixed(1)} s`,
          });
        if (!harness.backend) await harness.startBackend();
        harness.backend!.reset();
        outside.clear();
        Object.assign(harness.siteHeaders, journey.headers);
        let reader: Reader | undefined;
        try {
          reader = new Reader(name, await engine!.newPage(journey.reader ?? {}));
          await journey.run(reader, { engine: name, harness, outside });
          const allowed = [...ALWAYS_ALLOWED, ...(journey.allow ?? [])];
          const errors = (await reader.driver.errors()).filter(
            (error) => !allowed.some((pattern) => pattern.test(error)),
          );
          // No uncaught exception, unhandled rejection or console error beyond the expected ones.
          expect(errors, `${name}: console errors`).toEqual([]);
          record('ok');
        } catch (error) {
          record('FAIL');
          const shot = `FAILED-${journey.name.replace(/[^a-z0-9]+/gi, '-')}`;
          await reader?.screenshot(shot).catch(() => undefined);
          throw error;
        } finally {
          // Even when the page could not be opened: a journey's headers (a strict CSP) must not
          // leak into the next journey.
          for (const header of Object.keys(journey.headers ?? {}))
            delete harness.siteHeaders[header];
          await reader?.driver.close();
        }
      });
    }
  });
}
