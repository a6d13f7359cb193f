import type { IncomingMessage } from "node:http";
import { addressedHosts, hostPolicy, hostRefusalOf, isOwnOrigin, type HostRefusal } from "../access/index.js";

/** Why a request is not the proxy's to forward: answered with this status and message, never sent on. */
export type Refusal = HostRefusal;

/**
 * Who may talk to the proxy (DESIGN, "Who may talk to the local servers"): the reference server's `Host` and
 * `Origin` rules, before anything is forwarded or signed. A page that rebinds its name to 127.0.0.1 still sends
 * that name as `Host`, and a page's POST carries its `Origin`: a proxy with `--sign` would otherwise sign that
 * page's requests with the operator's credentials.
 */
export function proxyAdmission(allowedHosts: readonly string[] = []): (req: IncomingMessage) => Refusal | undefined {
  const hosts = hostPolicy(allowedHosts);
  return (req) => {
    const refusal = hostRefusalOf(hosts, req);
    if (refusal) return refusal;
    const origin = req.headers.origin;
    if (origin === undefined) return undefined;
    // An HTTP/1.0 request without Host is let in above; with an Origin it has no name of its own to match.
    const verdict = hosts.judge(addressedHosts(req));
    if (!(verdict.kind === "allowed" && isOwnOrigin(origin, verdict.host)))
      return {
        status: 403,
        message: "Origin: the proxy forwards only requests from its own clients, not from another page",
      };
    return undefined;
  };
}
