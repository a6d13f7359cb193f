import { Agent } from "undici";
import type { Exchange, ReceivedResponse, SentRequest, TransportFailure } from "./exchange.js";

export interface HttpOptions {
  /** Per request, headers and body together. */
  timeoutMs: number;
  /** Bytes of body read before the rest is refused (an endless body is a finding, not a hang). */
  maxBodyBytes: number;
  /**
   * After this many requests in a row got no answer (timeout, refused, reset), later requests are not sent
   * and fail at once: a target that stopped answering ends the run in bounded time (default 3).
   */
  giveUpAfter?: number;
}

/** The HTTP client the runner uses, injected so tests can count or fail requests. */
export interface HttpClient {
  send(request: SentRequest): Promise<Exchange>;
  close(): Promise<void>;
}

/** undici with a deadline on every request and a read limit on every body; never throws. */
export function createHttpClient(options: HttpOptions): HttpClient {
  const agent = new Agent({ keepAliveTimeout: 2_000, connect: { timeout: options.timeoutMs } });
  const giveUpAfter = options.giveUpAfter ?? 3;
  let unanswered = 0;
  return {
    async send(request) {
      const started = performance.now();
      if (unanswered >= giveUpAfter) {
        return {
          request,
          failure: {
            kind: "connection",
            message: `not sent: the target stopped answering (${unanswered} requests in a row got no answer)`,
          },
          durationMs: 0,
        };
      }
      const url = new URL(request.url);
      const signal = AbortSignal.timeout(options.timeoutMs);
      let response: ReceivedResponse | undefined;
      let failure: TransportFailure | undefined;
      try {
        const res = await agent.request({
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
        failure ??= describeFailure(error, signal, options.timeoutMs);
      }
      unanswered = response ? 0 : unanswered + 1;
      return {
        request,
        ...(response ? { response } : {}),
        ...(failure ? { failure } : {}),
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
