import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import type { RequestSigner } from "../http/signing.js";
import { replayLimitBytes } from "../judge/excerpt.js";
import { signatureHeaders } from "../judge/secrets.js";
import type { Exchange, ReceivedResponse, SentRequest, TransportFailure } from "../judge/exchange.js";
import type { Refusal } from "./admission.js";
import { BodyTap } from "./body-tap.js";
import { InFlight } from "./in-flight.js";
import { endToEnd, flatHeaders } from "./headers.js";
import { unreadableRequestMessage } from "../http/unreadable-request.js";
import { proxyMessage, proxyServiceError, writeSocketMessage } from "./local-answer.js";
import { createUpstream, unreachableCodes, type Upstream, type UpstreamAnswer } from "./upstream.js";

export interface ForwarderOptions<Ticket> {
  /** Base URL of the target; its path, if any, prefixes every forwarded path. */
  target: string;
  host: string;
  port: number;
  /** Headers and body of the target's answer, together (default 30 s); also how long a client may take to send. */
  timeoutMs?: number;
  /** Bytes of each answer kept for judging (the client still gets every byte; default 1 MiB). */
  maxBodyBytes?: number;
  /** Bytes the proxy holds for requests across all connections at once (default 64 MiB); beyond: a 503. */
  maxBufferedBytes?: number;
  /** Re-signs every request before it leaves (`--sign sigv4`): its whole body is then held to sign it. */
  sign?: RequestSigner;
  /** Who may talk to the proxy: a refusal is answered with its status (400, 403) and the request never forwarded. */
  admit?(req: IncomingMessage): Refusal | undefined;
  observer: ExchangeObserver<Ticket>;
}

/**
 * What the forwarder tells about each exchange: when it starts, and what it turned out to be. `started` returns
 * the observer's own ticket for the exchange, handed back with the rest of what is told about it.
 */
export interface ExchangeObserver<Ticket> {
  /** A request arrived; `path` is relative to the proxy (the contract's paths), as the client sent it. */
  started(method: string, path: string): Ticket;
  finished(ticket: Ticket, exchange: Exchange, path: string): void;
  /** The target could not be reached at all: answered 502, and not judged. */
  unreachable(ticket: Ticket, request: SentRequest, message: string): void;
  /**
   * The exchange ended without an answer to judge: the proxy stopped before the target's answer was complete
   * (`stop`), or the client's own request body never came whole (`client`).
   */
  abandoned(ticket: Ticket, why: "stop" | "client"): void;
}

export interface RunningForwarder {
  url: string;
  close(): Promise<void>;
}

/** A request body larger than this is refused by a signing proxy, which must hold it whole to sign it. */
const signedBodyLimitBytes = 16 * 1024 * 1024;

/**
 * The path a request is forwarded to, in origin form (`/phone-numbers/...`): an absolute-form target
 * (`http://host/path`, as a client configured with the proxy as an HTTP proxy sends) is reduced to its path;
 * asterisk-form (`OPTIONS *`) and authority-form have no path to forward.
 */
export function originForm(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (raw.startsWith("/")) return raw;
  if (!/^https?:\/\//i.test(raw) || !URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  return `${url.pathname}${url.search}`;
}

/** Bytes held for requests in flight, across every connection. */
class Budget {
  held = 0;
  constructor(readonly limit: number) {}
  take(n: number): boolean {
    if (this.held + n > this.limit) return false;
    this.held += n;
    return true;
  }
  give(n: number): void {
    this.held -= n;
  }
}

interface Flight {
  started: number;
  sentAt: number;
  clientPath: string;
  request: SentRequest;
  requestTap?: BodyTap;
}

/**
 * Forwards every request to the target and streams its answer back as it came (status, end-to-end headers,
 * body bytes), keeping a bounded copy of both for judging. The client's Host is replaced by the target's. The
 * request body streams through too, but for a signing proxy, which holds it to sign it.
 */
export async function startForwarder<Ticket>(options: ForwarderOptions<Ticket>): Promise<RunningForwarder> {
  const target = new URL(options.target);
  const prefix = target.pathname.replace(/\/+$/, "");
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
  const budget = new Budget(options.maxBufferedBytes ?? 64 * 1024 * 1024);
  const upstream = createUpstream(target, timeoutMs);
  const inFlight = new InFlight<(reason: string) => void>();
  // Exchanges answered but not yet judged: a count, not a set of them (see InFlight).
  const judging = { count: 0 };
  const forward = forwarding({ options, target, prefix, timeoutMs, maxBodyBytes, budget, upstream, inFlight, judging });

  const sockets = new Set<Socket>();
  // requireHostHeader: Node would answer an HTTP/1.1 request without Host with a bare 400; the admission answers it.
  const server: Server = createServer({ requireHostHeader: false }, (req, res) => {
    forward(req, res).catch((error: unknown) =>
      proxyMessage(res, 500, `internal error: ${(error as Error).message.split("\n")[0]}`),
    );
  });
  // A client must send its request within the timeout too: Node's own default waits five minutes.
  server.requestTimeout = timeoutMs;
  server.headersTimeout = Math.min(timeoutMs, 20_000);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  answerWhatNodeWouldAnswerBare(server, options.admit);
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    async close() {
      for (const abort of inFlight.values()) abort("stop");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
      upstream.close();
      // Exchanges answered before the stop are judged, and those it cut short counted, before the reports are
      // written: each cut one ends within a turn or two of its abort (bounded all the same).
      const until = Date.now() + 5_000;
      while ((judging.count || inFlight.size) && Date.now() < until)
        await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/**
 * What Node would answer by itself, bare (an empty 400, a 417, a 431) or not at all (CONNECT), answered with the
 * proxy's JSON message like every request it cannot forward (DESIGN: 400), after the same Host and Origin check.
 */
function answerWhatNodeWouldAnswerBare(
  server: Server,
  admit: ((req: IncomingMessage) => Refusal | undefined) | undefined,
) {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Socket) => {
    const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
    if (error.code === "ECONNRESET" || pending?.headersSent) return void socket.destroy();
    writeSocketMessage(socket, 400, unreadableRequestMessage(error.code));
  });
  server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) => {
    const refusal = admit?.(req);
    if (refusal) return proxyMessage(res, refusal.status, refusal.message);
    res.shouldKeepAlive = false;
    proxyMessage(res, 400, "Expect: only 100-continue is supported");
  });
  server.on("connect", (req: IncomingMessage, socket: Socket) => {
    const refusal = admit?.(req);
    if (refusal) return writeSocketMessage(socket, refusal.status, refusal.message);
    writeSocketMessage(
      socket,
      400,
      `cannot forward CONNECT ${String(req.url).slice(0, 100)}: only origin-form and absolute-form`,
    );
  });
}

interface Context<Ticket> {
  options: ForwarderOptions<Ticket>;
  target: URL;
  prefix: string;
  timeoutMs: number;
  maxBodyBytes: number;
  budget: Budget;
  upstream: Upstream;
  inFlight: InFlight<(reason: string) => void>;
  /** Exchanges answered but not yet judged. */
  judging: { count: number };
}

function forwarding<Ticket>(ctx: Context<Ticket>) {
  const { options, target, prefix } = ctx;
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = performance.now();
    const refusal = options.admit?.(req);
    if (refusal !== undefined) {
      req.resume();
      proxyMessage(res, refusal.status, refusal.message);
      return;
    }
    const clientPath = originForm(req.url);
    const method = req.method ?? "GET";
    if (clientPath === undefined) {
      req.resume();
      proxyMessage(
        res,
        400,
        `cannot forward the request target '${String(req.url).slice(0, 100)}': only origin-form and absolute-form`,
      );
      return;
    }
    const headers = endToEnd(req.headers);
    // The proxy answered `Expect: 100-continue` itself (Node sends the 100): the target gets the body outright.
    delete headers.expect;
    delete headers.host;
    headers.host = target.host;
    const declared = req.headers["content-length"];
    const hasBody = declared !== undefined || req.headers["transfer-encoding"] !== undefined;
    const request: SentRequest = {
      method,
      url: `${target.origin}${prefix}${clientPath}`,
      path: `${prefix}${clientPath}`,
      headers: flatHeaders(headers),
    };
    const flight: Flight = { started, sentAt: Date.now(), clientPath, request };
    let body: Buffer | NodeJS.ReadableStream | undefined;
    let held = 0;
    if (options.sign) {
      const whole = await holdBody(ctx, req, res);
      if (whole === undefined) return;
      held = whole.length;
      body = whole;
      for (const h of signatureHeaders) delete request.headers[h];
      if (hasBody || whole.length) Object.assign(request, boundedCopy(whole));
      Object.assign(request, await options.sign(request, "valid", whole));
      delete request.headers["content-length"];
      request.headers["content-length"] = String(whole.length);
    } else if (hasBody) {
      if (!ctx.budget.take(replayLimitBytes)) {
        req.resume();
        proxyServiceError(res, "ServiceUnavailableException", "too many request bytes in flight; retry later");
        return;
      }
      held = replayLimitBytes;
      flight.requestTap = new BodyTap(replayLimitBytes);
      body = req;
    }
    try {
      await exchange(ctx, flight, options.observer.started(method, clientPath), res, body);
    } finally {
      ctx.budget.give(held);
    }
  };
}

/** The whole request body of a signing proxy, within its limit and the budget; undefined once answered. */
async function holdBody<Ticket>(
  ctx: Context<Ticket>,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > signedBodyLimitBytes) {
      ctx.budget.give(size - (chunk as Buffer).length);
      proxyMessage(res, 413, `the request body is over ${signedBodyLimitBytes} bytes, more than a signing proxy holds`);
      req.resume();
      return undefined;
    }
    if (!ctx.budget.take((chunk as Buffer).length)) {
      ctx.budget.give(size - (chunk as Buffer).length);
      proxyServiceError(res, "ServiceUnavailableException", "too many request bytes in flight; retry later");
      req.resume();
      return undefined;
    }
    chunks.push(chunk as Buffer);
  }
  // The bytes stay taken while the body is held: the caller gives them back once the exchange is over.
  return Buffer.concat(chunks, size);
}

function boundedCopy(whole: Buffer): Pick<SentRequest, "body" | "bodyBytes"> {
  if (whole.length <= replayLimitBytes) return { body: whole.toString("utf8") };
  return { body: Buffer.from(whole.subarray(0, replayLimitBytes)).toString("utf8"), bodyBytes: whole.length };
}

/** One exchange with the target: its answer streamed back to the client, a bounded copy kept, then judged. */
async function exchange<Ticket>(
  ctx: Context<Ticket>,
  flight: Flight,
  ticket: Ticket,
  res: ServerResponse,
  body: Buffer | NodeJS.ReadableStream | undefined,
): Promise<void> {
  const { options, timeoutMs } = ctx;
  // A body the contract refuses by its size (over V1's limit) goes after the head: the target may answer first.
  const declared = Number(flight.request.headers["content-length"] ?? 0);
  const sent = ctx.upstream.send({
    method: flight.request.method,
    path: flight.request.path,
    headers: flight.request.headers,
    ...(body ? { body } : {}),
    ...(declared > replayLimitBytes ? { headFirstMs: 250 } : {}),
    // A body within V1's limit, its length declared, is held whole and sent with its head: one write, not two.
    ...(flight.requestTap && declared <= replayLimitBytes && flight.request.headers["content-length"] !== undefined
      ? { hold: true }
      : {}),
    ...(flight.requestTap ? { observe: (chunk: Buffer) => flight.requestTap!.take(chunk) } : {}),
  });
  let stopped: "stop" | "client" | undefined;
  const abort = (reason: string) => {
    if (reason === "stop") stopped = "stop";
    sent.abort(reason);
  };
  const entry = ctx.inFlight.add(abort);
  // A client that goes away is no fault of the target's: the proxy still reads the answer, to its end or the
  // timeout, and judges that (a target that stalls is found so, whoever gave up first).
  let clientGone = false;
  res.on("close", () => {
    if (!res.writableFinished) clientGone = true;
  });
  const deadline = setTimeout(() => abort("timeout"), timeoutMs);
  let response: ReceivedResponse | undefined;
  let failure: TransportFailure | undefined;
  try {
    const answer = await sent.answer;
    const answered = endToEnd(answer.headers);
    response = { status: answer.statusCode, headers: flatHeaders(answered), text: "", size: 0, truncated: false };
    if (!clientGone) res.writeHead(response.status, answered);
    const tap = new BodyTap(ctx.maxBodyBytes);
    try {
      await relay(answer, res, tap, () => clientGone);
    } finally {
      response.text = tap.kept.toString("utf8");
      response.size = Math.min(tap.bytes, ctx.maxBodyBytes);
      if (tap.truncated) {
        response.truncated = true;
        failure = { kind: "body-too-large", message: `the body exceeds the read limit of ${ctx.maxBodyBytes} bytes` };
      }
    }
    if (!clientGone) res.end();
  } catch (error) {
    const failed = describe(ctx, error, timeoutMs, response !== undefined);
    if (stopped) {
      // Cut by the proxy's own stop: nothing the target did, nothing to judge.
    } else if (failed.kind === "failure" && failed.failure.kind === "timeout" && clientStalled(body)) {
      // The client's own body never came whole: the proxy could not forward the request, so the target is not
      // judged on it (an answer it never had the whole request for).
      proxyMessage(res, 408, `the client's request body did not arrive whole within ${timeoutMs} ms`);
      stopped = "client";
    } else if (failed.kind === "unreachable") {
      proxyMessage(res, 502, failed.message);
      options.observer.unreachable(ticket, flight.request, failed.message);
      return;
    } else {
      failure = failed.failure;
      if (!clientGone && failure.kind === "timeout")
        proxyMessage(res, 504, `the target gave no complete answer within ${timeoutMs} ms`);
      // The client sees the connection fail as the proxy saw it, not an answer the target never gave.
      else res.destroy();
    }
  } finally {
    clearTimeout(deadline);
    ctx.inFlight.delete(entry);
  }
  if (stopped) {
    options.observer.abandoned(ticket, stopped);
    return;
  }
  const tap = flight.requestTap;
  let request = flight.request;
  if (tap) {
    // Built member by member, not spread from the flight's request: Node 20 builds an object literal that begins
    // with a spread and goes on about ten times slower (see judgeRequest).
    request = { method: request.method, url: request.url, path: request.path, headers: request.headers };
    request.body = tap.kept.toString("utf8");
    if (tap.truncated) request.bodyBytes = tap.bytes;
  }
  const judged: Exchange = {
    request,
    sentAt: flight.sentAt,
    ...(response ? { response } : {}),
    ...(failure ? { failure } : {}),
    durationMs: performance.now() - flight.started,
  };
  // Judged off the answer's path: the client has its answer before the checks run.
  ctx.judging.count++;
  setImmediate(() => {
    ctx.judging.count--;
    options.observer.finished(ticket, judged, flight.clientPath);
  });
}

/**
 * The answer's body to the client as it comes, each chunk through the tap; settles when the answer ends (or
 * fails, with why). A sink, not an async iterator: the iterator's promises and closures per chunk were a visible
 * share of the proxy's collected garbage per exchange.
 */
function relay(answer: UpstreamAnswer, res: ServerResponse, tap: BodyTap, clientGone: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    answer.read({
      data(chunk) {
        tap.take(chunk);
        if (clientGone() || res.write(chunk)) return true;
        void drainedOrGone(res).then(() => answer.resume());
        return false;
      },
      end: resolve,
      error: reject,
    });
  });
}

/**
 * Until the client has taken what was written, or has gone away. Both listeners go when either fires: an answer of
 * any size waits on the client as often as it has chunks, and a listener left behind each time would grow with it.
 */
function drainedOrGone(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}

/** A streamed request body that had not all arrived from the client. */
function clientStalled(body: Buffer | NodeJS.ReadableStream | undefined): boolean {
  return body !== undefined && !Buffer.isBuffer(body) && !(body as IncomingMessage).complete;
}

type Described = { kind: "unreachable"; message: string } | { kind: "failure"; failure: TransportFailure };

function describe<Ticket>(ctx: Context<Ticket>, error: unknown, timeoutMs: number, answered: boolean): Described {
  const e = error as NodeJS.ErrnoException & { reason?: string };
  if (e.reason === "timeout")
    return { kind: "failure", failure: { kind: "timeout", message: `no complete answer within ${timeoutMs} ms` } };
  if (!answered && e.code && unreachableCodes.has(e.code))
    return { kind: "unreachable", message: `the target ${ctx.target.origin} cannot be reached: ${e.code}` };
  return { kind: "failure", failure: { kind: "connection", message: `${e.code ? `${e.code}: ` : ""}${e.message}` } };
}
