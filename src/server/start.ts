import { lookup } from "node:dns/promises";
import { type AddressInfo, isIP } from "node:net";
import type { FastifyInstance } from "fastify";
import { bindNames, hostPolicy, isLoopbackBind } from "../access/index.js";
import { buildServer, type ServerOptions } from "./app.js";

export interface RunningServer {
  /** `http://HOST:PORT`, with the port actually bound (port 0 picks a free one). */
  url: string;
  /**
   * A URL a client on this machine can use: `url`, except that a server bound to every interface (`0.0.0.0`,
   * `::`) is reached through loopback (`127.0.0.1`, `[::1]`), which every client can connect to and every
   * server answers.
   */
  localUrl: string;
  /** The port bound. */
  port: number;
  /** Bound to a loopback address alone (no other machine can connect). */
  loopbackOnly: boolean;
  /** The names answered besides loopback ones: the `allowedHosts` given, and the bind address when not loopback. */
  allowedHosts: readonly string[];
  server: FastifyInstance;
  /** Stops accepting connections and resolves once in-flight requests have finished. */
  close(): Promise<void>;
}

/** Builds the server and listens; the default is loopback on a free port, as tests and the embedded runner want. */
export async function startServer(
  options: ServerOptions & { host?: string; port?: number } = {},
): Promise<RunningServer> {
  const { host = "127.0.0.1", port = 0, ...serverOptions } = options;
  // A name to bind is also answered by the address it resolves to, which the `listening on` URL shows.
  const resolved = isIP(host) || isLoopbackBind(host) ? [] : [(await lookup(host)).address];
  const allowedHosts = hostPolicy([
    ...(serverOptions.allowedHosts ?? []),
    ...[host, ...resolved].flatMap(bindNames),
  ]).names;
  const server = await buildServer({ ...serverOptions, allowedHosts });
  await server.listen({ host, port });
  const address = server.server.address() as AddressInfo;
  const url = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  const local =
    address.address === "0.0.0.0" ? "127.0.0.1" : address.address === "::" ? "[::1]" : new URL(url).hostname;
  return {
    url,
    localUrl: `http://${local}:${address.port}`,
    port: address.port,
    loopbackOnly: isLoopbackBind(address.address),
    allowedHosts,
    server,
    close: () => server.close(),
  };
}
