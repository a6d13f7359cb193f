import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import type { Exchange, SentRequest } from "../judge/exchange.js";
import type { SigningVariant } from "../cases/case.js";
import { type HttpClient, notSent } from "./client.js";
import { waitUnlessStopped } from "./wait.js";

export interface SigningOptions {
  /** Signs with SigV4 (service `chime`) when given: credentials from the standard AWS sources. */
  credentials?: AwsCredentialIdentityProvider | AwsCredentialIdentity;
  region?: string;
  /** Requests per second at most (0 or absent: no cap). */
  rate?: number;
  /** Retries after a 429 ThrottledClientException, with the delay doubling from `backoffMs`. */
  retries?: number;
  backoffMs?: number;
  /**
   * The run's stop (SIGINT, SIGTERM): a pacing slot or a back-off being waited out ends at once, and a request that
   * has not gone out is not sent. Without it a signal waited for every queued request's slot (`--rate 1`, 32
   * queued: half a minute).
   */
  stop?: AbortSignal;
  /**
   * Signs only requests to this origin (the target's): a request elsewhere (`--reset-url` on another host) goes
   * unsigned, so the credentials vouch for nothing but the target.
   */
  signOnly?: string;
}

/**
 * Signs a request as the service and the reference server verify it, signed as `variant` says (DESIGN "Test
 * selection", `auth`: each but `valid` must be refused); the request unchanged without credentials. `bytes`, when
 * given, is the body as it goes on the wire (a body that is not UTF-8 text).
 */
export type RequestSigner = (
  request: SentRequest,
  variant?: SigningVariant,
  bytes?: Uint8Array,
) => Promise<SentRequest>;

const signerFor = (credentials: AwsCredentialIdentityProvider | AwsCredentialIdentity, region: string) =>
  new SignatureV4({ service: "chime", region, credentials, sha256: Sha256, uriEscapePath: true, applyChecksum: true });

/**
 * SigV4 (service `chime`) as the service and the reference server verify it: the raw path with `uriEscapePath`
 * (so `%2B` is signed as `%252B`), the Host as sent, every header given signed.
 */
export function requestSigner(options: Pick<SigningOptions, "credentials" | "region">): RequestSigner {
  const region = options.region ?? "us-east-1";
  const signer = options.credentials ? signerFor(options.credentials, region) : undefined;
  const resolve = async (): Promise<AwsCredentialIdentity> =>
    typeof options.credentials === "function" ? options.credentials() : options.credentials!;
  return async (request, variant = "valid", bytes) => {
    if (!signer || variant === "none") return request;
    let using = signer;
    if (variant === "wrong-secret" || variant === "unknown-key") {
      const real = await resolve();
      using = signerFor(
        variant === "wrong-secret"
          ? { ...real, secretAccessKey: `${real.secretAccessKey.slice(1)}x` }
          : { ...real, accessKeyId: "AKIAUNKNOWNKEY000000" },
        region,
      );
    }
    const url = new URL(request.url);
    const [path, query = ""] = request.path.split(/\?(.*)/s) as [string, string?];
    const queryObject: Record<string, string> = {};
    for (const [k, v] of new URLSearchParams(query)) queryObject[k] = v;
    const unsigned = new HttpRequest({
      method: request.method,
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path,
      query: queryObject,
      // Not a literal that begins with a spread: Node 20 builds those slowly, and this runs for every request.
      headers: Object.assign({}, request.headers, { host: url.host }),
      ...(bytes !== undefined ? { body: bytes } : request.body !== undefined ? { body: request.body } : {}),
    });
    const signed = await using.sign(
      unsigned,
      variant === "stale" ? { signingDate: new Date(Date.now() - 6 * 60_000) } : undefined,
    );
    const headers = { ...(signed.headers as Record<string, string>) };
    // The same JSON, other bytes: only a target that checks the body against the signature refuses it.
    if (variant === "body-changed") return Object.assign({}, request, { headers, body: `${request.body ?? ""} ` });
    return Object.assign({}, request, { headers });
  };
}

/**
 * An HttpClient for real endpoints: every request signed afresh (also on a retry, so the date stays current),
 * at most `rate` a second across all requests in flight, and a 429 retried after a growing pause that every
 * request waits out.
 */
export function signingClient(inner: HttpClient, options: SigningOptions): HttpClient {
  const sign = requestSigner(options);
  const { stop } = options;
  const sleep = (ms: number) => waitUnlessStopped(ms, stop);
  const interval = options.rate && options.rate > 0 ? 1000 / options.rate : 0;
  let nextSlot = 0;
  // A 429's back-off holds every sender of the run, not only the request throttled: requests in flight at once
  // (`--concurrency`) would meet the same limit.
  let pausedUntil = 0;
  const only = options.signOnly === undefined ? undefined : new URL(options.signOnly).origin;
  const signs = (url: string) => only === undefined || (URL.canParse(url) && new URL(url).origin === only);
  const slot = async () => {
    const now = performance.now();
    if (!interval) {
      if (pausedUntil > now) await sleep(pausedUntil - now);
      return;
    }
    const at = Math.max(now, nextSlot, pausedUntil);
    nextSlot = at + interval;
    if (at > now) await sleep(at - now);
  };
  return {
    async send(request, sendOptions) {
      let exchange: Exchange | undefined;
      // A throttling burst is sent as it is: neither paced nor retried.
      const retries = sendOptions?.unpaced ? 0 : (options.retries ?? 4);
      for (let attempt = 0; ; attempt++) {
        if (!sendOptions?.unpaced) await slot();
        // Also a retry after a 429: the signal came while it waited, and a request not sent stays unsent.
        if (stop?.aborted) return notSent(request);
        const signed = signs(request.url) ? await sign(request, sendOptions?.signing) : request;
        exchange = await inner.send(signed, sendOptions);
        if (exchange.response?.status !== 429 || attempt >= retries) return exchange;
        pausedUntil = Math.max(pausedUntil, performance.now() + (options.backoffMs ?? 500) * 2 ** attempt);
      }
    },
    close: () => inner.close(),
  };
}
