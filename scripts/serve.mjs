// A static file server on 127.0.0.1 with caching off (a stale MSW worker must never linger).
import { createServer } from 'http-server';

/**
 * Serves `root` on 127.0.0.1:`port`; resolves once it listens.
 * `options.headers` is read on every request, so a caller may add or remove a header (a
 * Content-Security-Policy, say) while the server runs.
 */
export function startStaticServer(root, port, { headers = {} } = {}) {
  const server = createServer({
    root,
    cache: -1,
    silent: true,
    gzip: false,
    before: [
      (req, res) => {
        for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
        res.emit('next');
      },
    ],
  });
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
