import http, { type IncomingMessage } from "node:http";
import https from "node:https";
import { finished } from "node:stream";
import { Pool, type Dispatcher, util } from "undici";

/** Failures that mean the target was never reached: no answer to judge. */
export const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "ETIMEDOUT",
  "UND_ERR_CONNECT_TIMEOUT",
]);

export interface Upstream {
  /** Sends one request; resolves with the answer's head, or rejects with why there is none. */
  send(request: UpstreamRequest): { answer: Promise<UpstreamAnswer>; abort(reason: string): void };
  close(): void;
}

export interface UpstreamRequest {
  method: string;
  /** Origin-form path, the target's base path included. */
  path: string;
  headers: Record<string, string | string[]>;
  /** The whole body (a signed request), or a stream to pipe (the client's own), or none. */
  body?: Buffer | NodeJS.ReadableStream;
  /** A streamed body small enough to hold (its length declared, within V1's limit): read whole, sent with its head. */
  hold?: boolean;
  /**
   * Send the head first and give the target this long to answer before the body follows: a target that refuses a
   * body by its declared length answers at once, and its answer then cannot be lost to the reset that writing
   * into its closed connection draws (the kernel drops what was received but not yet read).
   */
  headFirstMs?: number;
  /** Each chunk of a streamed body as it goes (or is drained, when the target answered without it). */
  observe?(chunk: Buffer): void;
}

/** The target's answer: its head, and its body read through a sink. */
export interface UpstreamAnswer {
  statusCode: number;
  /** Names lower-case; a repeated header's values in an array. */
  headers: Record<string, string | string[] | undefined>;
  /** Starts the body: each chunk to the sink, then its end or why it failed. */
  read(sink: AnswerSink): void;
  /** Goes on after the sink asked for a pause. */
  resume(): void;
}

export interface AnswerSink {
  /** A chunk of the body; `false` asks for a pause until `resume()`. */
  data(chunk: Buffer): boolean;
  end(): void;
  error(error: Error): void;
}

/** How a send is cut short: the reason travels with the error (`timeout`, `stop`, ...). */
function aborted(reason: string): Error {
  return Object.assign(new Error(reason), { code: "ABORTED", reason });
}

/** How long a write error waits for an answer the target may have sent before it (an early 400 to a large body). */
const earlyAnswerGraceMs = 100;

/**
 * The proxy's client to its target: keep-alive connections (a pool), one request at a time per connection.
 * Requests with no body or one small enough to hold (nearly every exchange of this API) go through undici, which
 * costs the proxy less per exchange than Node's client; a body streamed through, or sent after its head, goes
 * through Node's client, whose early-answer handling is what the proxy's faithfulness tests hold: an answer the
 * target sends before it has read the whole request (and then closes) is the answer, and the write error that
 * follows it is not the target's fault.
 */
export function createUpstream(target: URL, timeoutMs = 30_000): Upstream {
  const secure = target.protocol === "https:";
  const agent = new (secure ? https : http).Agent({ keepAlive: true, keepAliveMsecs: 1_000, maxFreeSockets: 64 });
  const pool = new Pool(target.origin, { pipelining: 1, connect: { timeout: timeoutMs } });
  const port = Number(target.port) || (secure ? 443 : 80);
  const host = target.hostname.replace(/^\[|\]$/g, "");
  return {
    send(request) {
      const body = request.body;
      if (body === undefined || Buffer.isBuffer(body)) return dispatched(pool, request, body);
      if (request.hold && request.headFirstMs === undefined) return held(pool, request, body);
      return streamed(secure, { host, port, agent }, request, body);
    },
    close: () => {
      agent.destroy();
      void pool.destroy().catch(() => {});
    },
  };
}

/**
 * A streamed body read whole (`hold`), then sent with its head. An abort while the body comes ends the
 * wait; one after it came, before the request went out, keeps it from going out.
 */
function held(
  pool: Pool,
  request: UpstreamRequest,
  body: NodeJS.ReadableStream,
): { answer: Promise<UpstreamAnswer>; abort(reason: string): void } {
  let cutWith: string | undefined;
  let cut: ((reason: string) => void) | undefined;
  let abortSent: ((reason: string) => void) | undefined;
  const answer = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      request.observe?.(chunk);
      chunks.push(chunk);
      size += chunk.length;
    };
    const onEnd = () => {
      done();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size));
    };
    const onError = (error: Error) => {
      done();
      reject(error);
    };
    const done = () => {
      body.off("data", onData);
      body.off("end", onEnd);
      body.off("error", onError);
    };
    cut = (reason) => {
      done();
      reject(aborted(reason));
    };
    body.on("data", onData);
    body.once("end", onEnd);
    body.once("error", onError);
  }).then((whole) => {
    if (cutWith !== undefined) throw aborted(cutWith);
    const sent = dispatched(pool, request, whole);
    abortSent = sent.abort;
    return sent.answer;
  });
  return {
    answer,
    abort(reason) {
      if (abortSent) return abortSent(reason);
      cutWith ??= reason;
      cut?.(reason);
    },
  };
}

/** One request through undici's dispatcher: a body that is there whole, or none. */
function dispatched(
  pool: Pool,
  request: UpstreamRequest,
  body: Buffer | undefined,
): { answer: Promise<UpstreamAnswer>; abort(reason: string): void } {
  let handler: DispatchedAnswer | undefined;
  const answer = new Promise<UpstreamAnswer>((resolve, reject) => {
    handler = new DispatchedAnswer(resolve, reject);
    pool.dispatch(
      {
        method: request.method as Dispatcher.HttpMethod,
        path: request.path,
        headers: request.headers,
        body: body ?? null,
      },
      handler,
    );
  });
  return { answer, abort: (reason) => handler?.abort(reason) };
}

/**
 * undici's handler for one request, and the answer it resolves with: chunks that come before the forwarder reads
 * are kept until it does (one read's worth: undici hands over what one socket read brought).
 */
class DispatchedAnswer implements UpstreamAnswer, Dispatcher.DispatchHandler {
  statusCode = 0;
  headers: Record<string, string | string[] | undefined> = {};
  #answered = false;
  #cut: Error | undefined;
  #abortConnection: ((error?: Error) => void) | undefined;
  #resumeBody: (() => void) | undefined;
  #sink: AnswerSink | undefined;
  #early: Buffer[] = [];
  #ended = false;
  #failed: Error | undefined;

  constructor(
    private readonly resolve: (answer: UpstreamAnswer) => void,
    private readonly reject: (error: Error) => void,
  ) {}

  abort(reason: string): void {
    if (this.#cut) return;
    this.#cut = aborted(reason);
    this.#abortConnection?.(this.#cut);
  }

  onConnect(abort: (error?: Error) => void): void {
    this.#abortConnection = abort;
    if (this.#cut) abort(this.#cut);
  }

  onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void): boolean {
    // An informational answer (103) is not the answer.
    if (statusCode < 200) return true;
    this.statusCode = statusCode;
    this.headers = util.parseHeaders(rawHeaders);
    this.#resumeBody = resume;
    this.#answered = true;
    this.resolve(this);
    return true;
  }

  onData(chunk: Buffer): boolean {
    if (!this.#sink) {
      this.#early.push(chunk);
      return true;
    }
    return this.#sink.data(chunk);
  }

  onComplete(): void {
    this.#ended = true;
    this.#sink?.end();
  }

  onError(error: Error): void {
    const why = this.#cut ?? error;
    if (!this.#answered) {
      this.reject(why);
      return;
    }
    this.#failed = why;
    this.#sink?.error(why);
  }

  read(sink: AnswerSink): void {
    this.#sink = sink;
    // Chunks that came before the read: a pause asked for now takes effect at undici's next chunk (its `resume`
    // is harmless when nothing is paused).
    for (const chunk of this.#early) sink.data(chunk);
    this.#early = [];
    if (this.#failed) sink.error(this.#failed);
    else if (this.#ended) sink.end();
  }

  resume(): void {
    this.#resumeBody?.();
  }
}

/** A body streamed through Node's client (or sent after its head): early answers are kept. */
function streamed(
  secure: boolean,
  to: { host: string; port: number; agent: http.Agent },
  request: UpstreamRequest,
  body: NodeJS.ReadableStream,
): { answer: Promise<UpstreamAnswer>; abort(reason: string): void } {
  let abort: (reason: string) => void = () => {};
  const answer = new Promise<UpstreamAnswer>((resolve, reject) => {
    const req = (secure ? https : http).request({
      host: to.host,
      port: to.port,
      method: request.method,
      path: request.path,
      headers: request.headers,
      agent: to.agent,
    });
    let answered = false;
    req.on("response", (res) => {
      answered = true;
      resolve(fromIncoming(res));
    });
    req.on("error", (error) => {
      if (answered) return;
      // An early answer is parsed before the write error surfaces, or just after it: wait a moment for it.
      setTimeout(() => (answered ? undefined : reject(error)), earlyAnswerGraceMs);
    });
    abort = (reason) => req.destroy(aborted(reason));
    const sendBody = () => {
      // Listening for data makes a stream flow: only once it has somewhere to go.
      if (request.observe) body.on("data", request.observe);
      if (answered) {
        // Answered from the head alone: the body is not the target's to read any more.
        body.resume();
        return;
      }
      body.on("error", (e) => req.destroy(e));
      body.pipe(req);
    };
    if (request.headFirstMs === undefined) sendBody();
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
}

/** Node's answer as the forwarder reads answers. */
function fromIncoming(res: IncomingMessage): UpstreamAnswer {
  return {
    statusCode: res.statusCode ?? 0,
    headers: res.headers,
    read(sink) {
      res.on("data", (chunk: Buffer) => {
        if (!sink.data(chunk)) res.pause();
      });
      finished(res, (error) => (error ? sink.error(error) : sink.end()));
    },
    resume: () => res.resume(),
  };
}
