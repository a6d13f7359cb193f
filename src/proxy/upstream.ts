import http, { type IncomingMessage } from "node:http";
import https from "node:https";

/** Failures that mean the target was never reached: no answer to judge. */
export const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ETIMEDOUT",
]);

export interface Upstream {
  /** Sends one request; resolves with the answer's head, or rejects with why there is none. */
  send(request: UpstreamRequest): { answer: Promise<IncomingMessage>; abort(reason: string): void };
  close(): void;
}

export interface UpstreamRequest {
  method: string;
  /** Origin-form path, the target's base path included. */
  path: string;
  headers: Record<string, string | string[]>;
  /** The whole body (a signed request), or a stream to pipe (the client's own), or none. */
  body?: Buffer | NodeJS.ReadableStream;
  /**
   * Send the head first and give the target this long to answer before the body follows: a target that refuses a
   * body by its declared length answers at once, and its answer then cannot be lost to the reset that writing
   * into its closed connection draws (the kernel drops what was received but not yet read).
   */
  headFirstMs?: number;
  /** Each chunk of a streamed body as it goes (or is drained, when the target answered without it). */
  observe?(chunk: Buffer): void;
}

/** How long a write error waits for an answer the target may have sent before it (an early 400 to a large body). */
const earlyAnswerGraceMs = 100;

/**
 * The proxy's client to its target: keep-alive connections (a pool), one request at a time per connection. An
 * answer the target sends before it has read the whole request (and then closes) is the answer: the write error
 * that follows it is not the target's fault, and the client gets what the target said.
 */
export function createUpstream(target: URL): Upstream {
  const secure = target.protocol === "https:";
  const agent = new (secure ? https : http).Agent({ keepAlive: true, keepAliveMsecs: 1_000, maxFreeSockets: 64 });
  const port = Number(target.port) || (secure ? 443 : 80);
  return {
    send(request) {
      let abort: (reason: string) => void = () => {};
      const answer = new Promise<IncomingMessage>((resolve, reject) => {
        const req = (secure ? https : http).request({
          host: target.hostname.replace(/^\[|\]$/g, ""),
          port,
          method: request.method,
          path: request.path,
          headers: request.headers,
          agent,
        });
        let answered = false;
        req.on("response", (res) => {
          answered = true;
          resolve(res);
        });
        req.on("error", (error) => {
          if (answered) return;
          // An early answer is parsed before the write error surfaces, or just after it: wait a moment for it.
          setTimeout(() => (answered ? undefined : reject(error)), earlyAnswerGraceMs);
        });
        abort = (reason) => req.destroy(Object.assign(new Error(reason), { code: "ABORTED", reason }));
        const body = request.body;
        const sendBody = () => {
          // Listening for data makes a stream flow: only once it has somewhere to go.
          if (body && !Buffer.isBuffer(body) && request.observe) body.on("data", request.observe);
          if (answered) {
            // Answered from the head alone: the body is not the target's to read any more.
            if (body && !Buffer.isBuffer(body)) body.resume();
            return;
          }
          if (body === undefined) req.end();
          else if (Buffer.isBuffer(body)) req.end(body);
          else {
            body.on("error", (e) => req.destroy(e));
            body.pipe(req);
          }
        };
        if (request.headFirstMs === undefined || body === undefined) sendBody();
        else {
          req.flushHeaders();
          const wait = setTimeout(sendBody, request.headFirstMs);
          req.once("response", () => {
            clearTimeout(wait);
            sendBody();
          });
        }
      });
      return { answer, abort: (reason) => abort(reason) };
    },
    close: () => agent.destroy(),
  };
}
