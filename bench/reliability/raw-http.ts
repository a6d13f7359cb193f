// HTTP/1.1 over a raw socket, so that nothing between the test and the server normalizes a request: the bytes
// written are the bytes the server's parser sees. Answers are read back with a minimal response parser.
import { connect } from "node:net";
import type { Answer } from "./envelope.js";

export interface ParsedAnswers {
  /** Final answers in order (1xx interim answers such as `100 Continue` are not answers and are dropped). */
  answers: Answer[];
  /** Bytes after the last complete answer (a partial answer, or garbage). */
  rest: Buffer;
}

/**
 * Splits raw bytes into answers. `methods[i]` is the method of the i-th request (a HEAD answer has no body);
 * a body without Content-Length or chunked framing runs to the end of the connection, so it is complete only
 * when `closed` says the connection has ended.
 */
export function parseAnswers(bytes: Buffer, methods: readonly string[], closed: boolean): ParsedAnswers {
  const answers: Answer[] = [];
  let at = 0;
  for (;;) {
    const headEnd = bytes.indexOf("\r\n\r\n", at);
    if (headEnd === -1) break;
    const [statusLine = "", ...lines] = bytes.subarray(at, headEnd).toString("latin1").split("\r\n");
    const status = Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? Number.NaN);
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(":");
      if (colon <= 0) continue;
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    const bodyStart = headEnd + 4;
    const method = methods[answers.length] ?? "GET";
    let body: Buffer | undefined;
    let next = bodyStart;
    if ((status >= 100 && status < 200) || status === 204 || status === 304 || method === "HEAD") {
      body = Buffer.alloc(0);
    } else if (/\bchunked\b/i.test(headers["transfer-encoding"] ?? "")) {
      const chunked = readChunked(bytes, bodyStart);
      if (chunked) [body, next] = chunked;
    } else if (headers["content-length"] !== undefined) {
      const length = Number(headers["content-length"]);
      if (bytes.length >= bodyStart + length) {
        body = bytes.subarray(bodyStart, bodyStart + length);
        next = bodyStart + length;
      }
    } else if (closed) {
      body = bytes.subarray(bodyStart);
      next = bytes.length;
    }
    if (body === undefined) break;
    at = next;
    if (status >= 100 && status < 200 && status !== 101) continue;
    answers.push({ status, headers, body: body.toString("utf8") });
  }
  return { answers, rest: bytes.subarray(at) };
}

function readChunked(bytes: Buffer, start: number): [Buffer, number] | undefined {
  const parts: Buffer[] = [];
  let at = start;
  for (;;) {
    const lineEnd = bytes.indexOf("\r\n", at);
    if (lineEnd === -1) return undefined;
    const size = Number.parseInt(bytes.subarray(at, lineEnd).toString("latin1").split(";")[0]!, 16);
    if (Number.isNaN(size)) return undefined;
    if (size === 0) {
      const end = bytes.indexOf("\r\n\r\n", lineEnd);
      return end === -1 ? undefined : [Buffer.concat(parts), end + 4];
    }
    if (bytes.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(bytes.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

export interface RawExchange {
  answers: Answer[];
  /** Answers received before this side half-closed the connection. */
  answeredBeforeEnd: number;
  /** The server ended or reset the connection (rather than this side giving up waiting). */
  closedByServer: boolean;
  /** ... and did so before this side half-closed. */
  closedBeforeEnd: boolean;
  /** The server reset the connection (ECONNRESET, EPIPE). */
  reset: boolean;
  /** Bytes received that are not a complete answer. */
  rest: Buffer;
  received: Buffer;
}

export interface RawExchangeOptions {
  port: number;
  host?: string;
  bytes: Buffer;
  methods: readonly string[];
  /** Answers the server owes before this side may half-close (complete requests). */
  awaitAnswers: number;
  /** How long to wait for those answers, and then for the server to close after the half-close. */
  waitMs: number;
}

/**
 * Writes the bytes, waits for `awaitAnswers` answers (or the server closing), then half-closes (FIN: no more
 * requests) and waits for the server to close, collecting any further answer. Never throws.
 */
export function rawExchange(options: RawExchangeOptions): Promise<RawExchange> {
  const { port, host = "127.0.0.1", bytes, methods, awaitAnswers, waitMs } = options;
  return new Promise((resolve) => {
    const socket = connect(port, host);
    const chunks: Buffer[] = [];
    let answeredBeforeEnd: number | undefined;
    let closedByServer = false;
    let closedBeforeEnd = false;
    let reset = false;
    let timer: NodeJS.Timeout | undefined;
    const parsed = (closed: boolean) => parseAnswers(Buffer.concat(chunks), methods, closed);
    const halfClose = () => {
      if (answeredBeforeEnd !== undefined) return;
      answeredBeforeEnd = parsed(false).answers.length;
      clearTimeout(timer);
      if (!socket.destroyed) socket.end();
      timer = setTimeout(() => socket.destroy(), waitMs);
    };
    socket.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      if (answeredBeforeEnd === undefined && parsed(false).answers.length >= awaitAnswers) halfClose();
    });
    const serverClosed = () => {
      closedByServer = true;
      if (answeredBeforeEnd === undefined) closedBeforeEnd = true;
    };
    socket.on("end", serverClosed);
    socket.on("error", (error: NodeJS.ErrnoException) => {
      serverClosed();
      if (error.code === "ECONNRESET" || error.code === "EPIPE") reset = true;
    });
    socket.on("close", () => {
      clearTimeout(timer);
      const received = Buffer.concat(chunks);
      const { answers, rest } = parseAnswers(received, methods, true);
      resolve({
        answers,
        answeredBeforeEnd: answeredBeforeEnd ?? answers.length,
        closedByServer,
        closedBeforeEnd,
        reset,
        rest,
        received,
      });
    });
    socket.write(bytes, () => {
      if (awaitAnswers === 0) halfClose();
      else if (answeredBeforeEnd === undefined) timer = setTimeout(halfClose, waitMs);
    });
  });
}
