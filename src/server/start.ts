import type { AddressInfo } from "node:net";
import type { FastifyInstance } from "fastify";
import { buildServer, type ServerOptions } from "./app.js";

export interface RunningServer {
  /** `http://HOST:PORT`, with the port actually bound (port 0 picks a free one). */
  url: string;
  server: FastifyInstance;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
}

/** Builds the server and listens; the default is loopback on a free port, as tests and the embedded runner want. */
export async function startServer(
  options: ServerOptions & { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const { host = "127.0.0.1", port = 0, ...serverOptions } = options;
  const server = await buildServer(serverOptions);
  await server.listen({ host, port });
  const address = server.server.address() as AddressInfo;
  const shownHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return { url: `http://${shownHost}:${address.port}`, server, close: () => server.close() };
}
