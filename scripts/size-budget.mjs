#!/usr/bin/env node
// The widget's size budget, run by `npm test`: bundles what the site's Root imports (the toggle and
// panel shell, "Ask about this") with esbuild, code-split as Docusaurus splits it, and sums the
// gzipped JS and CSS a page must load before the first open: the entries and every chunk they
// import statically. Code behind `import()` (ChatKit React, the local element, markdown) is the
// first-open budget. React is the page's own and is not counted. Budgets: `sizeBudgets` below.
// Exits non-zero, naming the budget, when a bundle grows past it.
//
//   node scripts/size-budget.mjs [--json FILE]
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The site adds these with the widget (`website/src/theme/Root.tsx`). */
const ENTRIES = [
  'src/components/ChatWidget/index.tsx',
  'src/components/AskAboutSelection/index.tsx',
];

/** Budgets in gzip bytes; the README's benchmark row 1 measures the same goal on the built site. */
export const sizeBudgets = {
  'before the first open': 3 * 1024,
  'on the first open': 80 * 1024,
};

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Outputs reachable from `roots` through edges of `kinds` (esbuild metafile import kinds). */
function closure(outputs, roots, kinds) {
  const seen = new Set();
  const stack = [...roots];
  while (stack.length) {
    const path = stack.pop();
    if (seen.has(path) || !outputs[path]) continue;
    seen.add(path);
    const output = outputs[path];
    if (output.cssBundle) stack.push(output.cssBundle);
    for (const edge of output.imports) if (kinds.includes(edge.kind)) stack.push(edge.path);
  }
  return seen;
}

export async function measureWidgetSize() {
  const outdir = mkdtempSync(join(tmpdir(), 'size-budget-'));
  try {
    const { metafile } = await build({
      entryPoints: ENTRIES,
      bundle: true,
      splitting: true,
      format: 'esm',
      minify: true,
      treeShaking: true,
      platform: 'browser',
      target: 'es2022',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.module.css': 'local-css' },
      external: ['react', 'react-dom', 'react/*', 'react-dom/*'],
      outdir,
      metafile: true,
      write: true,
      logLevel: 'error',
    });
    const outputs = metafile.outputs;
    // Chunks behind import() have an `entryPoint` too: the roots are the outputs of ENTRIES.
    const entryOutputs = Object.keys(outputs).filter((path) =>
      ENTRIES.includes(outputs[path].entryPoint),
    );
    const initial = closure(outputs, entryOutputs, ['import-statement']);
    const everything = closure(outputs, entryOutputs, ['import-statement', 'dynamic-import']);
    const lazy = [...everything].filter((path) => !initial.has(path));
    const sum = (paths) =>
      paths.reduce(
        (total, path) => {
          const bytes = readFileSync(path);
          return { raw: total.raw + bytes.length, gzip: total.gzip + gzip(bytes) };
        },
        { raw: 0, gzip: 0 },
      );
    const files = (paths) => paths.map((path) => relative(outdir, path)).sort();
    return {
      'before the first open': { ...sum([...initial]), files: files([...initial]) },
      'on the first open': { ...sum(lazy), files: files(lazy) },
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = await measureWidgetSize();
  const kb = (bytes) => `${(bytes / 1024).toFixed(2)} KB`;
  let over = 0;
  console.log('Widget size budget (gzip, React excluded)');
  for (const [name, size] of Object.entries(sizes)) {
    const budget = sizeBudgets[name];
    const ok = size.gzip <= budget;
    if (!ok) over += 1;
    console.log(
      `  ${ok ? 'ok  ' : 'OVER'} ${name.padEnd(22)} ${kb(size.gzip).padStart(9)} of ${kb(budget)}` +
        ` (${kb(size.raw)} raw, ${size.files.length} files)`,
    );
  }
  const jsonAt = process.argv.indexOf('--json');
  if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1], `${JSON.stringify(sizes, null, 2)}\n`);
  if (over) {
    console.error(
      `${over} bundle(s) over budget. Keep the shell small: move code behind the first open's import().`,
    );
    process.exit(1);
  }
}
