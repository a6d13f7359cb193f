import { BlockList, isIPv4, isIPv6 } from "node:net";

/**
 * A `Host` value split as RFC 9110 section 7.2 has it, `uri-host [":" port]`: the name lower-cased (names and
 * IPv6 literals compare case-insensitively), an IPv6 literal in its bracketed canonical form (`[0:0::1]` is
 * `[::1]`), the port when one was given.
 */
export interface HostName {
  hostname: string;
  port: number | undefined;
}

export type HostParse = { ok: true; host: HostName } | { ok: false; reason: string };

/** RFC 3986 reg-name: unreserved, sub-delims and percent-encoded octets. */
const regName = /^(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})+$/i;
const portDigits = /^\d{1,5}$/;

/**
 * Reads one `Host` value. Anything RFC 9112 section 3.2 would answer 400 is refused with the reason: userinfo
 * (`user@localhost`), a port that is empty, not digits or outside 1-65535, an IPv6 literal that is not one, or
 * that carries a zone id (RFC 9110 has none, and no client sends one for a server's own name), and any
 * character outside a host name.
 */
export function parseHost(value: string): HostParse {
  if (value === "") return { ok: false, reason: "empty" };
  if (value.includes("@")) return { ok: false, reason: "a Host has no user information (@)" };
  let hostname: string;
  let rest: string;
  if (value.startsWith("[")) {
    const close = value.indexOf("]");
    if (close === -1) return { ok: false, reason: "an IPv6 literal without its closing ]" };
    const literal = canonicalIPv6(value.slice(1, close));
    if (literal === undefined)
      return { ok: false, reason: "not an IPv6 address between [ and ], or one with a zone id" };
    hostname = literal;
    rest = value.slice(close + 1);
  } else {
    const colon = value.indexOf(":");
    hostname = (colon === -1 ? value : value.slice(0, colon)).toLowerCase();
    rest = colon === -1 ? "" : value.slice(colon);
    if (!regName.test(hostname)) return { ok: false, reason: "not a host name or address" };
  }
  if (rest === "") return { ok: true, host: { hostname, port: undefined } };
  const port = rest.slice(1);
  if (!rest.startsWith(":") || !portDigits.test(port) || Number(port) < 1 || Number(port) > 65_535)
    return { ok: false, reason: "the port must be a number from 1 to 65535" };
  return { ok: true, host: { hostname, port: Number(port) } };
}

/** `::1` or `[::1]` -> `[::1]`; undefined when it is not an IPv6 address, or carries a zone id (`%eth0`). */
export function canonicalIPv6(text: string): string | undefined {
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (bare.includes("%") || !isIPv6(bare)) return undefined;
  return new URL(`http://[${bare}]/`).hostname;
}

const loopback = new BlockList();
// IPv6 only: ::1, and 127.0.0.0/8 mapped into IPv6 (::ffff:7f00:1), which BlockList matches for an IPv4 rule.
loopback.addSubnet("127.0.0.0", 8, "ipv4");
loopback.addAddress("::1", "ipv6");

/**
 * Whether a parsed host name is this machine's loopback: `localhost`, a 127.0.0.0/8 literal in dotted decimal,
 * `[::1]`, or the IPv4-mapped form of a 127.0.0.0/8 address. Deliberately not: `localhost.` and names under
 * `.localhost` (a resolver may send them to DNS), nor `127.1` or `2130706433` (never what a client sends
 * for an address it was given in dotted decimal).
 */
export function isLoopbackHostname(hostname: string): boolean {
  if (hostname === "localhost") return true;
  // 127.0.0.0/8 is every dotted-decimal address whose first number is 127 (BlockList is 10x slower here).
  if (isIPv4(hostname)) return hostname.startsWith("127.");
  if (hostname.startsWith("[")) return loopback.check(hostname.slice(1, -1), "ipv6");
  return false;
}

/** DNS host names, and the underscores of container and service names (`chime_voice`); no trailing dot. */
const hostLabel = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

/**
 * One name a server may also answer to (`--allowed-host NAME`), in the form `parseHost` yields, or the reason it
 * is not one. A name, never a pattern: any port is accepted, so none is given; a trailing dot is not dropped
 * when matching, so a name cannot have one.
 */
export function allowedHostName(name: string): { ok: true; name: string } | { ok: false; reason: string } {
  const ipv6 = canonicalIPv6(name);
  if (ipv6 !== undefined) return { ok: true, name: ipv6 };
  if (name.includes("://") || name.includes("/")) return { ok: false, reason: "a host name, not a URL" };
  if (name.includes("@")) return { ok: false, reason: "a host name, without user information (@)" };
  if (name.includes("*")) return { ok: false, reason: "a host name, not a pattern: name each host" };
  if (name.startsWith("[") || name.includes("%"))
    return { ok: false, reason: "an IPv6 address without a zone id, such as fd00::1 or [fd00::1]" };
  if (name.includes(":")) return { ok: false, reason: "the name alone, without a port (any port is accepted)" };
  if (name.endsWith(".")) return { ok: false, reason: "the name without its trailing dot" };
  const lower = name.toLowerCase();
  if (isIPv4(lower)) return { ok: true, name: lower };
  if (lower.length > 253 || !lower.split(".").every((label) => hostLabel.test(label)))
    return { ok: false, reason: "a host name (letters, digits, '-', '_' and dots) or an IP address" };
  return { ok: true, name: lower };
}
