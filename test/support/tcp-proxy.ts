// A TCP proxy on 127.0.0.1 in front of another server (the test PostgreSQL), to cut the connection
// the way an outage or a network partition does, and bring it back.
//
//   const proxy = await startTcpProxy({ host: '127.0.0.1', port: 5432 });
//   const db = databaseFromUrl(proxiedUrl(url, proxy.port));
//   proxy.cut();      // every open connection is reset; new ones are refused (ECONNREFUSED)
//   proxy.restore();  // new connections reach the server again
//   await proxy.close();
//
// While cut, the listening port is released, so clients see exactly what a stopped server gives
// them; restore() listens again on the same port. Used by tests and by scripts/faults/.
import { createServer, Socket, type Server } from 'node:net';

export interface TcpProxyTarget {
  host: string;
  port: number;
}

export interface TcpProxy {
  /** the proxy's own port on 127.0.0.1 (stable across cut/restore) */
  readonly port: number;
  /** true between cut() and restore() */
  readonly isCut: boolean;
  /** connections currently forwarded */
  readonly connections: number;
  /** destroys every forwarded connection and refuses new ones until restore() */
  cut(): Promise<void>;
  /** accepts and forwards new connections again */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `target`; `port` 0 (the default) picks a free port. */
export async function startTcpProxy(target: TcpProxyTarget, port = 0): Promise<TcpProxy> {
  const pairs = new Set<Socket>();
  let server: Server | undefined;
  let boundPort = port;
  let cut = false;

  const open = async (): Promise<void> => {
    const listening = createServer((client) => {
      const upstream = new Socket();
      pairs.add(client);
      pairs.add(upstream);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        pairs.delete(client);
        pairs.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
      upstream.connect(target.port, target.host, () => {
        client.pipe(upstream);
        upstream.pipe(client);
      });
    });
    await new Promise<void>((resolve, reject) => {
      listening.once('error', reject);
      listening.listen(boundPort, '127.0.0.1', () => {
        listening.off('error', reject);
        resolve();
      });
    });
    boundPort = (listening.address() as { port: number }).port;
    server = listening;
  };

  const shut = async (): Promise<void> => {
    const closing = server;
    server = undefined;
    // resetAndDestroy: the peer sees ECONNRESET, as after a crash, not a polite end of stream.
    for (const socket of [...pairs]) socket.resetAndDestroy();
    pairs.clear();
    if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
  };

  await open();
  return {
    get port() {
      return boundPort;
    },
    get isCut() {
      return cut;
    },
    get connections() {
      return pairs.size / 2;
    },
    async cut() {
      cut = true;
      await shut();
    },
    async restore() {
      if (!cut) return;
      cut = false;
      await open();
    },
    async close() {
      cut = true;
      await shut();
    },
  };
}

/** `url` (postgresql://…) with its host and port replaced by the proxy's. */
export function proxiedUrl(url: string, proxyPort: number): string {
  const parsed = new URL(url);
  parsed.hostname = '127.0.0.1';
  parsed.port = String(proxyPort);
  return parsed.toString();
}

/** The host and port a postgresql:// URL points at (default port 5432). */
export function urlTarget(url: string): TcpProxyTarget {
  const parsed = new URL(url);
  return { host: parsed.hostname || '127.0.0.1', port: Number(parsed.port || 5432) };
}
