/**
 * The three builds `npm run bench` compares. Each is `docusaurus build` with the bench's own config
 * (website/bench/docusaurus.config.ts: the site's config plus a plugin that aliases `@theme/Root`
 * to one of website/bench/'s variants); the site's own config and Root know nothing of the bench.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

export type Variant = 'none' | 'widget' | 'naive';

export const VARIANTS: Record<Variant, string> = {
  none: 'no widget (floor)',
  widget: 'this widget',
  naive: 'eager wiring (ChatKit React in Root)',
};

export const outDir = (variant: Variant) => `/tmp/bench-${variant}`;

export function buildSite(variant: Variant, backendUrl: string): Promise<void> {
  const log = `/tmp/bench-build-${variant}.log`;
  return new Promise((resolve, reject) => {
    // From website/, as `npm run build -w website` does: Babel reads the browserslist targets from
    // the working directory, and from the repository root it would compile for ES5 browsers (whose
    // transpiled classes cannot construct custom elements, so the local surface would break).
    const child = spawn(
      '../node_modules/.bin/docusaurus',
      [
        'build',
        '--config',
        'bench/docusaurus.config.ts',
        '--out-dir',
        outDir(variant),
        '--locale',
        'en',
      ],
      {
        cwd: 'website',
        env: {
          ...process.env,
          BENCH_ROOT_VARIANT: variant,
          CHATKIT_BACKEND_URL: backendUrl,
          // Docusaurus writes generated sources beside the site by default; other builds may be
          // running there, so each variant gets its own directory.
          DOCUSAURUS_GENERATED_FILES_DIR_NAME: `/tmp/bench-gen-${variant}`,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const file = createWriteStream(log);
    child.stdout.pipe(file);
    child.stderr.pipe(file);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`Build of "${variant}" failed; see ${log}`)),
    );
  });
}
