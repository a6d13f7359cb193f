import { Agent, Client } from "undici";
import type { SigningVariant } from "../cases/case.js";
import type { Exchange, ReceivedResponse, SentRequest, TransportFailure } from "../judge/exchange.js";

export interface HttpOptions {
  /** Per request, headers and body together. */
  timeoutMs: number;
  /** Bytes of body read before the rest is refused (an endless body is a finding, not a hang). */
  maxBodyBytes: number;
  /**
   * After this many exchanges in a row did not complete (a timeout, headers or body; refused; reset), later
   * requests are not sent and fail at once: a target that stops answering, stalls or trickles ends the run
   * within start-up plus four times the timeout (DESIGN "The runner as a client"; default 4).
   */
  giveUpAfter?: number;
  /** Aborts every exchange in flight and every later one: the run was interrupted (SIGINT, SIGTERM). */
  stop?: AbortSignal;
}

/**
 * Bytes of an answer read at most. The service's answers are a few KB; 256 KiB leaves room for any honest one
 * and keeps a hostile run's memory bounded (a body that is not UTF-8 doubles in memory as text).
 */
export const defaultMaxBodyBytes = 256 * 1024;
export interface SendOptions {
  /** A connection of its own, closed afterwards: requests sent at once must not queue on one pooled socket (S8). */
  ownConnection?: boolean;
  /** Not paced and a 429 not retried (`--rate`): a throttling burst is judged as the target answered it. */
  unpaced?: boolean;
  /** How a signing client signs this request (group `auth`); default: correctly. */
  signing?: SigningVariant;
}

/** The exchange of a request the run's stop came before: it never went out. */
export function notSent(request: SentRequest): Exchange {
  return { request, failure: { kind: "interrupted", message: "not sent: the run was interrupted" }, durationMs: 0 };
}

/** The HTTP client the runner uses, injected so tests can count or fail requests. */
export interface HttpClient {
  send(request: SentRequest, options?: SendOptions): Promise<Exchange>;
  close(): Promise<void>;
}

/** undici with a deadline on every request and a read limit on every body; never throws. */
export function createHttpClient(options: HttpOptions): HttpClient {
  const agent = new Agent({ keepAliveTimeout: 2_000, connect: { timeout: options.timeoutMs } });
  const giveUpAfter = options.giveUpAfter ?? 4;
  let unanswered = 0;
  return {
    async send(request, sendOptions) {
      const started = performance.now();
      const sentAt = Date.now();
      if (options.stop?.aborted) return notSent(request);
      if (unanswered >= giveUpAfter) {
        // The threshold, not the count: requests in flight at once (`--concurrency`) time out together, past it.
        return {
          request,
          failure: {
            kind: "connection",
            message: `not sent: the target stopped answering (${giveUpAfter} exchanges in a row did not complete)`,
          },
          durationMs: 0,
        };
      }
      const url = new URL(request.url);
      // One deadline for the whole exchange: a body trickled a byte at a time must not outlast it.
      const deadline = AbortSignal.timeout(options.timeoutMs);
      const signal = options.stop ? AbortSignal.any([deadline, options.stop]) : deadline;
      let response: ReceivedResponse | undefined;
      let failure: TransportFailure | undefined;
      const own = sendOptions?.ownConnection
        ? new Client(url.origin, { connect: { timeout: options.timeoutMs }, pipelining: 0 })
        : undefined;
      try {
        const res = await (own ?? agent).request({
          origin: url.origin,
          path: request.path,
          method: request.method as "GET",
          headers: request.headers,
          ...(request.body !== undefined ? { body: request.body } : {}),
          signal,
          headersTimeout: options.timeoutMs,
          bodyTimeout: options.timeoutMs,
        });
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(", ") : value;
        }
        response = { status: res.statusCode, headers, text: "", size: 0, truncated: false };
        const chunks: Buffer[] = [];
        try {
          for await (const chunk of res.body) {
            const buf = chunk as Buffer;
            const room = options.maxBodyBytes - response.size;
            if (buf.length > room) {
              chunks.push(buf.subarray(0, room));
              response.size += room;
              response.truncated = true;
              failure = {
                kind: "body-too-large",
                message: `the body exceeds the read limit of ${options.maxBodyBytes} bytes`,
              };
              res.body.destroy();
              break;
            }
            chunks.push(buf);
            response.size += buf.length;
          }
        } finally {
          response.text = Buffer.concat(chunks).toString("utf8");
        }
      } catch (error) {
        failure ??= options.stop?.aborted
          ? { kind: "interrupted", message: "the run was interrupted" }
          : describeFailure(error, deadline, options.timeoutMs);
      } finally {
        await own?.destroy();
      }
      // Headers alone are not an answer: an exchange that timed out counts towards giving up.
      unanswered = response && failure?.kind !== "timeout" ? 0 : unanswered + 1;
      return {
        request,
        ...(response ? { response } : {}),
        ...(failure ? { failure } : {}),
        sentAt,
        durationMs: performance.now() - started,
      };
    },
    close: () => agent.destroy(),
  };
}

function describeFailure(error: unknown, signal: AbortSignal, timeoutMs: number): TransportFailure {
  const e = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = e.code ?? e.cause?.code;
  if (
    signal.aborted ||
    code === "UND_ERR_HEADERS_TIMEOUT" ||
    code === "UND_ERR_BODY_TIMEOUT" ||
    code === "UND_ERR_CONNECT_TIMEOUT"
  ) {
    return { kind: "timeout", message: `no complete answer within ${timeoutMs} ms` };
  }
  return {
    kind: "connection",
    message: `${code ? `${code}: ` : ""}${e.message ?? String(error)}`,
    ...(code ? { code } : {}),
  };
}
