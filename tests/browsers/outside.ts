/**
 * The world outside this machine, as the journeys see it: every engine sends requests for other hosts
 * through this proxy (Firefox by prefs, WebKit by MiniBrowser's `--proxy`), which refuses them all and
 * notes the host. So OpenAI's CDN is unreachable in every engine, as it is here, online or not (the
 * widget's `auto` surface must fall back to the local element), and a row can check it was tried.
 */
import { createServer, type Socket } from 'node:net';

export interface Outside {
  port: number;
  /** Hosts asked for since the last `clear()`, e.g. `cdn.platform.openai.com:443`. */
  readonly hosts: string[];
  clear(): void;
  close(): Promise<void>;
}

export async function startOutside(): Promise<Outside> {
  const hosts: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    socket.once('data', (data) => {
      // `CONNECT host:443 HTTP/1.1` for https, `GET http://host/path HTTP/1.1` for http.
      const target = data.toString('latin1').split('\r\n')[0]?.split(' ')[1] ?? '';
      hosts.push(target.replace(/^http:\/\/([^/]+).*$/, '$1'));
      socket.end('HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the proxy did not get a port');
  return {
    port: address.port,
    hosts,
    clear: () => void hosts.splice(0),
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
