import type { HostName } from "./host.js";

/**
 * Whether an `Origin` header names the server's own origin, `http://` and the `Host` it was reached by (a
 * browser omits port 80 and lower-cases the name; so does this comparison). A page elsewhere, `null` (a
 * sandboxed frame, a file), a path, user information or another scheme are all someone else.
 */
export function isOwnOrigin(origin: string, host: HostName): boolean {
  if (!URL.canParse(origin)) return false;
  const url = new URL(origin);
  if (url.href !== `${url.origin}/`) return false;
  const port = host.port === undefined || host.port === 80 ? "" : `:${host.port}`;
  return url.origin === `http://${host.hostname}${port}`;
}
