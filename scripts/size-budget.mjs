#!/usr/bin/env node
// The widget's size budget, run by `npm test`. esbuild bundles, minified and gzipped, React
// excluded (the page has it anyway):
// - before the first open: what the site's Root imports, the toggle shell and "Ask about this",
//   bundled together with every `import()` left out: the JS and CSS each page must load;
// - on the first open: the panel and all it loads up to `chatkit.ready` (ChatKit React, the session
//   client, schemas, the local element), fetched when the reader first opens the chat;
// - the Markdown reader: fetched by the local element when it starts, beside the session request,
//   and needed only when an answer ends (`src/chatkit-local/markdown/loader.ts`).
// The benchmark (`npm run bench`, row 1) measures the page's share on the built site. Budgets:
// `sizeBudgets` below. Exits non-zero, naming the budget, when a bundle grows past it.
//
//   node scripts/size-budget.mjs [--json FILE]
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** What the site's Root imports (`website/src/theme/Root.tsx`), each loaded with every page. */
const SHELL = 'src/components/ChatWidget/index.tsx';
const ASK = 'src/components/AskAboutSelection/index.tsx';
/** Both, as one entry: what Root adds to every page. */
const EVERY_PAGE = {
  contents: `export * from './${SHELL}';\nexport * from './${ASK}';\n`,
  resolveDir: process.cwd(),
  loader: 'ts',
};
/** What the shell imports on the first open; everything else comes through it. */
const LAZY_ENTRY = 'src/components/ChatWidget/ChatWidgetPanel/index.ts';
/** What the local element fetches after it starts. */
const MARKDOWN_ENTRY = 'src/chatkit-local/markdown/render.ts';
/** What "Copy conversation" fetches on its first click (the contract's schemas come with it). */
const COPY_ENTRY = 'src/components/ChatWidget/copy/copyConversation.ts';
/** What the panel fetches when the reader first opens the conversation history. */
const HISTORY_ENTRY = 'src/components/ChatWidget/history/HistoryPanel.tsx';

/**
 * Budgets in gzip bytes. Every page's is the goal for what the widget adds before the first open,
 * toggle shell and "Ask about this" together (≤ 3 KB). The first open's is the goal for the chat
 * code a first open fetches up to `chatkit.ready` (≤ 45 KB; the benchmark measures the same on the
 * built site). The Markdown reader's keeps the hardened reader small (a parser library would be
 * 40 KB: see the README's Security section).
 */
export const sizeBudgets = {
  'every page': 3 * 1024,
  'on the first open': 45 * 1024,
  'Markdown reader': 8 * 1024,
  'Copy conversation': 12 * 1024,
  'conversation history': 6 * 1024,
};

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Leaves every `import()` out of the bundle: what it loads is not part of the page. */
/**
 * Leaves the Markdown reader's `import()` out: it is fetched after the element starts; and
 * "Copy conversation"'s, fetched on its first click.
 */
const markdownExternal = {
  name: 'markdown-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/(render|copyConversation)$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

/** Leaves the history's `import()` out: it is fetched when the reader first opens the history. */
const historyExternal = {
  name: 'history-external',
  setup(build) {
    build.onResolve({ filter: /\/history\/HistoryPanel$/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

const dynamicImportsExternal = {
  name: 'dynamic-imports-external',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined,
    );
  },
};

async function bundle(entryPoints, options) {
  const outdir = mkdtempSync(join(tmpdir(), 'size-budget-'));
  try {
    const { metafile } = await build({
      entryPoints,
      bundle: true,
      format: 'esm',
      minify: true,
      platform: 'browser',
      target: 'es2022',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      loader: { '.module.css': 'local-css' },
      external: ['react', 'react-dom', 'react/*', 'react-dom/*'],
      outdir,
      metafile: true,
      logLevel: 'error',
      ...options,
    });
    const files = Object.keys(metafile.outputs);
    let raw = 0;
    let zipped = 0;
    for (const file of files) {
      const bytes = readFileSync(file);
      raw += bytes.length;
      zipped += gzip(bytes);
    }
    return { raw, gzip: zipped, files: files.map((file) => relative(outdir, file)).sort() };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

export async function measureWidgetSize() {
  const beforeOpen = { plugins: [dynamicImportsExternal] };
  return {
    // As the site's Root imports them: one bundle, as webpack puts them in one chunk.
    'every page': await bundle([], { ...beforeOpen, stdin: EVERY_PAGE }),
    // Without splitting, esbuild bundles what `import()` loads into the one file.
    'on the first open': await bundle([LAZY_ENTRY], {
      plugins: [markdownExternal, historyExternal],
    }),
    'Markdown reader': await bundle([MARKDOWN_ENTRY], {}),
    'Copy conversation': await bundle([COPY_ENTRY], {}),
    // Less what the first open already has: React, the strings, the shared CSS, the contract.
    'conversation history': await bundle([HISTORY_ENTRY], {
      plugins: [
        {
          name: 'first-open-external',
          setup(build) {
            build.onResolve(
              { filter: /^\.\.\/(errors|strings\/|ui\.module|\.\.\/\.\.\/contract)/ },
              (args) =>
                args.importer.includes('/history/')
                  ? { path: args.path, external: true }
                  : undefined,
            );
          },
        },
      ],
    }),
  };
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
