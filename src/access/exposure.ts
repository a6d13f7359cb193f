export interface Exposure {
  /** The address given to listen on (`0.0.0.0`, `::`, `10.0.0.5`, a name). */
  bindHost: string;
  port: number;
  /** The names answered besides loopback ones (`HostPolicy.names`). */
  names: readonly string[];
  /** What a caller can do, such as "read and change the numbers it holds". */
  reach: string;
}

/**
 * The one warning a local server bound beyond loopback prints on stderr: who can reach it and what they can
 * do. The Host check keeps browsers' rebinding pages out, not other machines: any client can send `Host: localhost`.
 */
export function exposureWarning(exposure: Exposure): string {
  const { bindHost, port, names, reach } = exposure;
  const where = bindHost === "0.0.0.0" || bindHost === "::" ? `${bindHost} (every interface)` : bindHost;
  const hosts = ["localhost", "127.0.0.0/8", "[::1]", ...names].join(", ");
  return `warning: listening on ${where}, not loopback alone: any machine that can reach port ${port} here can ${reach}; requests are answered for Host ${hosts} (--allowed-host NAME adds one)`;
}
