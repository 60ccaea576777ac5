/**
 * Row 8's worker: one Markdown reader in a thread of its own, so an input it takes exponential
 * time on can be cut off at the cap (rows.ts terminates the thread) without stopping the bench.
 * It says `ready` once its reader is loaded, then answers each input with the milliseconds its
 * reader took to read it (`performance.now()` around the call alone), or the error it threw.
 */
import { parentPort, workerData } from 'node:worker_threads';
import MarkdownIt from 'markdown-it';
import { marked } from 'marked';
import { lex } from '../../src/chatkit-local/markdown/lexer';
import type { MarkdownReader } from './config';

const markdownIt = new MarkdownIt();

/** What each reader does with an answer before anything is drawn: its tokens or tree. */
const readers: Record<MarkdownReader, (src: string) => unknown> = {
  shipped: (src) => lex(src),
  'markdown-it': (src) => markdownIt.parse(src, {}),
  marked: (src) => marked.lexer(src),
};

const read = readers[(workerData as { reader: MarkdownReader }).reader];
const port = parentPort!;
port.on('message', (src: string) => {
  const start = performance.now();
  try {
    read(src);
  } catch (error) {
    // A reader that gives up (marked's recursion on deep nesting) says how, and goes on.
    port.postMessage({ error: error instanceof Error ? error.name : String(error) });
    return;
  }
  port.postMessage({ ms: performance.now() - start });
});
port.postMessage('ready');
