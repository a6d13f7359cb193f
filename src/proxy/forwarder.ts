import { once } from "node:events";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { Agent } from "undici";
import type { Exchange, ReceivedResponse, SentRequest, TransportFailure } from "../judge/exchange.js";
import type { RequestSigner } from "../http/signing.js";
import { boundedBody } from "../judge/excerpt.js";
import { endToEnd, flatHeaders } from "./headers.js";

export interface ForwarderOptions {
  /** Base URL of the target; its path, if any, prefixes every forwarded path. */
  target: string;
  host: string;
  port: number;
  /** Headers and body of the target's answer, together (default 30 s). */
  timeoutMs?: number;
  /** Bytes of each body kept for judging (the client still gets every byte; default 1 MiB). */
  maxBodyBytes?: number;
  /** Re-signs every request before it leaves (`--sign sigv4`). */
  sign?: RequestSigner;
  observer: ExchangeObserver;
}

/** What the forwarder tells about each exchange: when it starts, and what it turned out to be. */
export interface ExchangeObserver {
  /** A request arrived; `path` is relative to the proxy (the contract's paths), as the client sent it. */
  started(method: string, path: string): number;
  finished(ticket: number, exchange: Exchange, path: string): void;
  /** The target could not be reached at all: answered 502, and not judged. */
  unreachable(ticket: number, request: SentRequest, message: string): void;
  /** The proxy stopped before the target's answer was complete: the exchange is not judged. */
  abandoned(ticket: number): void;
}

export interface RunningForwarder {
  url: string;
  close(): Promise<void>;
}

/** The client's own signature and what goes with it; the proxy's signature replaces them (`--sign`). */
const signatureHeaders = ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"];
/** A request body larger than this is answered 413 by the proxy: no contract body comes near it (V1: 64 KiB). */
const requestLimitBytes = 16 * 1024 * 1024;
/** Failures that mean the target was never reached: no answer to judge. */
const unreachableCodes = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EADDRNOTAVAIL",
  "UND_ERR_CONNECT_TIMEOUT",
]);

function proxyAnswer(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ message: `chime-voice-contract proxy: ${message}` });
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > requestLimitBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/**
 * Forwards every request to the target and streams its answer back as it came (status, end-to-end headers,
 * body bytes), keeping a bounded copy of both for judging. The client's Host is replaced by the target's.
 */
export async function startForwarder(options: ForwarderOptions): Promise<RunningForwarder> {
  const target = new URL(options.target);
  const prefix = target.pathname.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const agent = new Agent({ keepAliveTimeout: 4_000, connect: { timeout: Math.min(timeoutMs, 10_000) } });
  const inFlight = new Set<AbortController>();

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const clientPath = req.url ?? "/";
    const method = req.method ?? "GET";
    const body = await readBody(req);
    if (!body) {
      proxyAnswer(res, 413, `the request body is over ${requestLimitBytes} bytes`);
      return;
    }
    const headers = flatHeaders(endToEnd(req.headers));
    delete headers["content-length"];
    headers.host = target.host;
    const hasBody = body.length > 0 || req.headers["content-length"] !== undefined;
    let request: SentRequest = {
      method,
      url: `${target.origin}${prefix}${clientPath}`,
      path: `${prefix}${clientPath}`,
      headers,
      // The judge keeps a bounded copy (V1's limit plus a byte); the target gets every byte.
      ...(hasBody ? boundedBody(body) : {}),
    };
    if (options.sign) {
      for (const h of signatureHeaders) delete request.headers[h];
      request = await options.sign(request, "valid", body);
    }
    const ticket = options.observer.started(method, clientPath);
    const sentAt = Date.now();
    const controller = new AbortController();
    inFlight.add(controller);
    // A client that goes away is no fault of the target's: the proxy still reads the target's answer, to its end
    // or `--timeout`, and judges that (a target that stalls is found so, whoever gave up first).
    let clientGone = false;
    res.on("close", () => {
      if (!res.writableFinished) clientGone = true;
    });
    const deadline = setTimeout(() => controller.abort("timeout"), timeoutMs);
    let response: ReceivedResponse | undefined;
    let failure: TransportFailure | undefined;
    try {
      const upstream = await agent.request({
        origin: target.origin,
        path: request.path,
        method: method as "GET",
        headers: request.headers,
        ...(hasBody ? { body } : {}),
        signal: controller.signal,
      });
      const answered = endToEnd(upstream.headers as Record<string, string | string[] | undefined>);
      response = { status: upstream.statusCode, headers: flatHeaders(answered), text: "", size: 0, truncated: false };
      res.writeHead(upstream.statusCode, answered);
      const kept: Buffer[] = [];
      try {
        for await (const chunk of upstream.body) {
          const buf = chunk as Buffer;
          const room = maxBodyBytes - response.size;
          if (!response.truncated) {
            if (buf.length > room) {
              kept.push(buf.subarray(0, room));
              response.size += room;
              response.truncated = true;
              failure = { kind: "body-too-large", message: `the body exceeds the read limit of ${maxBodyBytes} bytes` };
            } else {
              kept.push(buf);
              response.size += buf.length;
            }
          }
          if (!clientGone && !res.write(buf)) await Promise.race([once(res, "drain"), once(res, "close")]);
        }
      } finally {
        response.text = Buffer.concat(kept).toString("utf8");
      }
      if (!clientGone) res.end();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as { cause?: NodeJS.ErrnoException }).cause?.code;
      if (controller.signal.reason === "stop") {
        // Cut by the proxy's own stop: nothing the target did, nothing to judge.
      } else if (controller.signal.aborted) {
        failure = { kind: "timeout", message: `no complete answer within ${timeoutMs} ms` };
        if (!clientGone) proxyAnswer(res, 504, `the target gave no complete answer within ${timeoutMs} ms`);
      } else if (!response && code && unreachableCodes.has(code)) {
        const message = `the target ${target.origin} cannot be reached: ${code}`;
        proxyAnswer(res, 502, message);
        options.observer.unreachable(ticket, request, message);
        return;
      } else {
        failure = { kind: "connection", message: `${code ? `${code}: ` : ""}${(error as Error).message}` };
        // The client sees the connection fail as the proxy saw it, not an answer the target never gave.
        res.destroy();
      }
    } finally {
      clearTimeout(deadline);
      inFlight.delete(controller);
    }
    if (controller.signal.reason === "stop") {
      options.observer.abandoned(ticket);
      return;
    }
    const exchange: Exchange = {
      request,
      sentAt,
      ...(response ? { response } : {}),
      ...(failure ? { failure } : {}),
      durationMs: performance.now() - started,
    };
    options.observer.finished(ticket, exchange, clientPath);
  };

  const sockets = new Set<Socket>();
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => proxyAnswer(res, 500, `internal error: ${(error as Error).message}`));
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      for (const c of inFlight) c.abort("stop");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      await agent.destroy();
    },
  };
}
