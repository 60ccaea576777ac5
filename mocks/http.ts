/**
 * What both local backends (the contract server, mocks/server.ts, and the independent ChatKit server
 * of the conformance suite, tests/conformance/nodeSdkServer.ts) need of HTTP: the backend's CORS
 * policy as FastAPI's CORSMiddleware (Starlette) enforces it, reading a body, listening and closing,
 * and starting from a CLI. Plumbing only: what each server writes is its own.
 */
import { realpathSync } from 'node:fs';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { CORS_ALLOWED_HEADERS, CORS_ALLOWED_METHODS } from '../src/contract/server';

/** Starlette's CORSMiddleware allows these besides the configured headers. */
const SAFELISTED_HEADERS = ['accept', 'accept-language', 'content-language', 'content-type'];

export interface CorsPolicy {
  /** Headers for an actual (non-preflight) response to a request from `origin`. */
  headersFor(origin: string | undefined): Record<string, string>;
  /** Whether the request is a CORS preflight, which `answerPreflight` must answer. */
  isPreflight(req: IncomingMessage): boolean;
  /** Answers a preflight: 200 with the allowances, or 400 "Disallowed CORS …" as Starlette does. */
  answerPreflight(req: IncomingMessage, res: ServerResponse): void;
}

export function createCorsPolicy(allowedOrigins: Iterable<string>): CorsPolicy {
  const origins = new Set(allowedOrigins);
  const allowedHeaders = new Set([
    ...CORS_ALLOWED_HEADERS.toLowerCase().split(/\s*,\s*/),
    ...SAFELISTED_HEADERS,
  ]);
  const allowedMethods = new Set(CORS_ALLOWED_METHODS.split(/\s*,\s*/));
  return {
    headersFor(origin): Record<string, string> {
      return origin && origins.has(origin)
        ? { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' }
        : {};
    },
    isPreflight(req) {
      return (
        req.method === 'OPTIONS' &&
        !!req.headers.origin &&
        !!req.headers['access-control-request-method']
      );
    },
    answerPreflight(req, res) {
      const origin = req.headers.origin ?? '';
      const headers: Record<string, string> = {
        'Access-Control-Allow-Methods': CORS_ALLOWED_METHODS,
        'Access-Control-Max-Age': '600',
        'Access-Control-Allow-Headers': CORS_ALLOWED_HEADERS,
        Vary: 'Origin',
        'Content-Type': 'text/plain; charset=utf-8',
      };
      const failures: string[] = [];
      if (origins.has(origin)) headers['Access-Control-Allow-Origin'] = origin;
      else failures.push('origin');
      if (!allowedMethods.has(String(req.headers['access-control-request-method'] ?? ''))) {
        failures.push('method');
      }
      const requested = String(req.headers['access-control-request-headers'] ?? '')
        .split(',')
        .map((name) => name.trim().toLowerCase())
        .filter(Boolean);
      if (requested.some((name) => !allowedHeaders.has(name))) failures.push('headers');
      res.writeHead(failures.length ? 400 : 200, headers);
      res.end(failures.length ? `Disallowed CORS ${failures.join(', ')}` : 'OK');
    },
  };
}

/** A request body longer than `readBody` was allowed to keep: the server answers 413. */
export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`Request body over ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads the request body as it streams in, keeping at most `maxBytes` (default: no limit). Past the
 * limit (a `Content-Length` over it, or more bytes than it arriving) it rejects with
 * `BodyTooLargeError` at once, keeps nothing, and lets the rest of the body drain unread.
 */
export function readBody(req: IncomingMessage, maxBytes = Infinity): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
      else tooLarge();
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    const tooLarge = () => {
      chunks.length = 0;
      req.off('data', onData);
      req.off('end', onEnd);
      req.resume(); // flowing with no listener: what is still to come is dropped
      reject(new BodyTooLargeError(maxBytes));
    };
    req.on('error', reject);
    if (Number(req.headers['content-length']) > maxBytes) return tooLarge();
    req.on('data', onData);
    req.on('end', onEnd);
  });
}

/** Starts `server` on `host:port` (port 0: a free one); rejects when it cannot (EADDRINUSE, say). */
export async function listen(server: Server, port: number, host: string): Promise<AddressInfo> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return server.address() as AddressInfo;
}

/** Stops `server`, ending its open connections (keep-alive, streams) at once. */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

/** Runs `main` when `moduleUrl` is the script node was started with (`tsx file.ts`). */
export function runIfMain(moduleUrl: string, main: () => Promise<void>): void {
  const entry = process.argv[1];
  if (entry === undefined || realpathSync(entry) !== realpathSync(fileURLToPath(moduleUrl))) return;
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
