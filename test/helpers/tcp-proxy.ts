/**
 * A TCP proxy on loopback in front of the test PostgreSQL, for fault tests that must not disturb the shared
 * server: `blackhole()` keeps connections open but stops passing bytes (a database that hangs), `dropAll()` cuts
 * every connection (a restart or failover), `stop()` / `start()` refuse and accept new connections again.
 */
import net from "node:net";

export interface TcpProxy {
  port: number;
  blackhole(on: boolean): void;
  dropAll(): void;
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a proxy to `target` on a free loopback port (the same port again after stop/start). */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let holeOn = false;
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        sockets.add(client).add(upstream);
        const pipe = (from: net.Socket, to: net.Socket) =>
          from.on("data", (chunk) => {
            if (!holeOn) to.write(chunk);
          });
        pipe(client, upstream);
        pipe(upstream, client);
        const end = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on("error", end).on("close", end);
        upstream.on("error", end).on("close", end);
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as net.AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = undefined;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!s) return resolve();
      s.close(() => resolve());
    });
  await listen();
  return {
    get port() {
      return port;
    },
    blackhole: (on) => {
      holeOn = on;
    },
    dropAll: () => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    stop,
    start: listen,
    close: stop,
  };
}
