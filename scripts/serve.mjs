// A static file server on 127.0.0.1 with caching off (a stale MSW worker must never linger).
import { createServer } from 'http-server';

/** Serves `root` on 127.0.0.1:`port`; resolves once it listens. */
export function startStaticServer(root, port) {
  const server = createServer({ root, cache: -1, silent: true, gzip: false });
  return new Promise((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise((done) => server.server.close(() => done())),
      }),
    );
  });
}
