import { allowedHostName, isLoopbackHostname, parseHost, type HostName } from "./host.js";

/**
 * What a local server makes of a request's `Host` lines, before anything else (DESIGN, "Who may talk to the
 * local servers"). A browser page that rebinds its own name to 127.0.0.1 still sends that name as `Host`, so
 * answering loopback names (and the names the user listed) alone keeps such a page out.
 */
export type HostVerdict =
  | { kind: "allowed"; host: HostName }
  /** No `Host` line: HTTP/1.1 requires one (a 400); an HTTP/1.0 request may lack it and is let in. */
  | { kind: "missing" }
  /** RFC 9112 section 3.2: more than one `Host` line, or a value that is not `host[:port]`, is a 400. */
  | { kind: "malformed"; message: string }
  /** A well-formed name this server does not answer to: a 403. */
  | { kind: "refused"; message: string };

export interface HostPolicy {
  /** Names answered besides the loopback ones, as `allowedHostName` normalises them. */
  readonly names: readonly string[];
  /** Judges every `Host` line of one request (all of them, so that a second one is seen). */
  judge(hostLines: readonly string[]): HostVerdict;
}

/**
 * Every `Host` line of a request as received, from its raw headers (Node keeps only the first of several in
 * `headers`, and `headersDistinct` builds every header's list to give this one).
 */
export function hostLines(rawHeaders: readonly string[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 4 && name.toLowerCase() === "host") lines.push(rawHeaders[i + 1]!);
  }
  return lines;
}

/** The authority of an absolute-form request target (`http://host:port/path`); undefined for any other form. */
export function targetAuthority(url: string | undefined): string | undefined {
  return url === undefined ? undefined : /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(url)?.[1];
}

/**
 * The names a request is addressed to: the authority of an absolute-form target, which replaces `Host` (RFC 9112
 * section 3.2.2: a server ignores the Host header then), else every `Host` line as received.
 */
export function addressedHosts(request: { rawHeaders: readonly string[]; url?: string | undefined }): string[] {
  const authority = targetAuthority(request.url);
  return authority !== undefined ? [authority] : hostLines(request.rawHeaders);
}

/** A request the Host check refuses: 400 (RFC 9112 section 3.2: no Host, several, or not `host[:port]`) or 403. */
export interface HostRefusal {
  status: 400 | 403;
  message: string;
}

/**
 * The Host check of one request, for every local server (the reference server, the proxy): every `Host` line as
 * received (Node keeps only the first of several in `headers`). Only an HTTP/1.0 request may have none: no
 * browser sends one, so no rebinding page can.
 */
export function hostRefusalOf(
  policy: HostPolicy,
  request: { rawHeaders: readonly string[]; httpVersion: string; url?: string | undefined },
): HostRefusal | undefined {
  const verdict = policy.judge(addressedHosts(request));
  switch (verdict.kind) {
    case "allowed":
      return undefined;
    case "missing":
      return request.httpVersion === "1.0"
        ? undefined
        : { status: 400, message: "Host: an HTTP/1.1 request needs a Host header" };
    case "malformed":
      return { status: 400, message: verdict.message };
    case "refused":
      return { status: 403, message: verdict.message };
  }
}

/** The longest part of a refused `Host` quoted back in a message. */
const quotedLength = 100;

/** A policy answering loopback names and `names` (each valid for `allowedHostName`, else it throws). */
export function hostPolicy(names: readonly string[] = []): HostPolicy {
  const allowed = new Set(
    names.map((name) => {
      const checked = allowedHostName(name);
      if (!checked.ok) throw new TypeError(`allowed host '${name}': ${checked.reason}`);
      return checked.name;
    }),
  );
  return {
    names: [...allowed],
    judge(hostLines) {
      if (hostLines.length === 0) return { kind: "missing" };
      if (hostLines.length > 1)
        return { kind: "malformed", message: "Host: a request has one Host header, not several" };
      const value = hostLines[0]!;
      const parsed = parseHost(value);
      if (!parsed.ok) return { kind: "malformed", message: `Host: ${parsed.reason}` };
      const { hostname } = parsed.host;
      if (isLoopbackHostname(hostname) || allowed.has(hostname)) return { kind: "allowed", host: parsed.host };
      const shown = value.length > quotedLength ? `${value.slice(0, quotedLength)}...` : value;
      return {
        kind: "refused",
        message: `Host '${shown}' is not a name this server answers to (localhost, 127.0.0.0/8, [::1]${allowed.size > 0 ? " or a name it was started with" : ""})`,
      };
    },
  };
}

/**
 * The names a server bound to `bindHost` answers besides loopback ones: none when it is bound to loopback, else
 * the bind address itself (`0.0.0.0`, `[::]`, `10.0.0.5`, a name), which is what its `listening on` URL shows.
 */
export function bindNames(bindHost: string): string[] {
  if (isLoopbackBind(bindHost)) return [];
  const checked = allowedHostName(bindHost);
  return checked.ok ? [checked.name] : [];
}

/** Bound to loopback: `localhost`, a 127.0.0.0/8 address or `::1`. */
export function isLoopbackBind(bindHost: string): boolean {
  const lower = bindHost.toLowerCase();
  if (lower === "localhost") return true;
  const parsed = parseHost(lower.includes(":") && !lower.startsWith("[") ? `[${lower}]` : lower);
  return parsed.ok && parsed.host.port === undefined && isLoopbackHostname(parsed.host.hostname);
}
