import { randomUUID } from "node:crypto";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import type { Writable } from "node:stream";
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type FastifyHttpOptions,
} from "fastify";
import { hostPolicy, type HostPolicy } from "../access/index.js";
import { defaultFixturesPath, loadContract, loadFixtures, type Contract, type Fixture } from "../contract/index.js";
import { createAdmission } from "./admission.js";
import { systemClock, type Clock } from "./clock.js";
import { controlPrefix, controlRoutes } from "./control.js";
import { localControlState, sharedControlState } from "./control-state.js";
import type { CredentialEntry } from "./credentials.js";
import { sendError, writeSocketError } from "./envelope.js";
import { outsideMessage, phoneNumberHandler } from "./handlers.js";
import { FaultPlan } from "./faults.js";
import { refuseByHost, writeSocketRefusal } from "./host-check.js";
import { localOperations } from "./local-operations.js";
import { MemoryStore } from "./memory-store.js";
import { recordsFromFixtures } from "./phone-number-state.js";
import { createRateLimiter } from "./rate-limit.js";
import { replicatedOperations } from "./replicated-operations.js";
import { requestTarget } from "../contract/request-target.js";
import { serverLog, type ServerLog } from "./server-log.js";
import type { Store } from "./store.js";
import type { OwnedStore, StoreOpener } from "./store-spec.js";
import { defaultTimeouts, type ServerTimeouts } from "./timeouts.js";
import { unreadableRequestMessage } from "../http/unreadable-request.js";
import { bodyLimitBytes } from "../contract/update-request.js";
import { StoreTimeoutError, StoreUnavailableError } from "../errors.js";

export interface ServerOptions {
  /** Default: `await loadContract()`. */
  contract?: Contract;
  /** Default: `loadFixtures(fixturesPath ?? defaultFixturesPath, contract)`. */
  fixtures?: Fixture[];
  fixturesPath?: string;
  /** S4: how long a calling-name update stays pending. Default 72 h. */
  callingNameDelayMs?: number;
  /** Default: the system clock. */
  clock?: Clock;
  /** pino level; default `warn`, at which nothing is logged per request. */
  logLevel?: string;
  /** Where logs go; default stderr. */
  logStream?: Writable;
  /** Default: a MemoryStore holding the fixtures. A store given here is reset to the fixtures. */
  store?: Store;
  /**
   * A durable store (`--store sqlite:PATH`, `--store postgres://...`): created from the fixtures on first use,
   * reused as it is afterwards, closed with the server. Wins over `store`. Servers opening one PostgreSQL
   * database are replicas of one service.
   */
  openStore?: StoreOpener;
  timeouts?: Partial<ServerTimeouts>;
  /** `--auth sigv4`: the keys let in, and the one region a signature may be scoped to (any when absent). Default: no auth. */
  auth?: { credentials: CredentialEntry[]; region?: string };
  /** `--rate-limit N`: requests per second per caller. Default: no limit. */
  rateLimit?: number;
  /** The control interface under `/_control/`; default on. */
  control?: boolean;
  /** S8 (`--latency`): simulated processing time per update, in ms. Default 0. */
  latencyMs?: number;
  /**
   * Host names answered besides loopback ones (`localhost`, 127.0.0.0/8, `[::1]`, always answered); any other
   * `Host` is a 403. Default none; `startServer` adds the address it binds when that is not loopback.
   */
  allowedHosts?: readonly string[];
}

export const defaultCallingNameDelayMs = 72 * 3_600_000;

/** What the server is made of before Fastify: the store, its operations, who is admitted, the fault plan. */
async function serverParts(options: ServerOptions) {
  const contract = options.contract ?? (await loadContract());
  const fixtures = options.fixtures ?? (await loadFixtures(options.fixturesPath ?? defaultFixturesPath, contract));
  const clock = options.clock ?? systemClock;
  const callingNameDelayMs = options.callingNameDelayMs ?? defaultCallingNameDelayMs;
  const fixtureRecords = recordsFromFixtures(fixtures, clock.now(), callingNameDelayMs);
  const opened = options.openStore ? await options.openStore(fixtureRecords) : undefined;
  const shared = opened && "shared" in opened ? opened : undefined;
  const owned = shared ? undefined : (opened as OwnedStore | undefined);
  const store = shared ? undefined : (owned ?? options.store ?? new MemoryStore());
  if (store && !owned) store.reset(fixtureRecords);
  const latencyMs = options.latencyMs ?? 0;
  const operations = shared
    ? replicatedOperations({ store: shared, clock, callingNameDelayMs, latencyMs })
    : localOperations({ store: store!, clock, callingNameDelayMs, latencyMs });
  // The SigV4 verifier (and the AWS signing libraries under it) is loaded only when --auth asks for it: start-up.
  // One verifier for the contract's routes and the control interface alike.
  const verifier = options.auth
    ? (await import("./sigv4.js")).createSigV4Verifier({
        credentials: options.auth.credentials,
        ...(options.auth.region !== undefined ? { region: options.auth.region } : {}),
      })
    : undefined;
  const admit =
    verifier || options.rateLimit !== undefined
      ? createAdmission({
          ...(verifier ? { verifier } : {}),
          ...(options.rateLimit !== undefined
            ? { rateLimiter: createRateLimiter({ ratePerSecond: options.rateLimit }) }
            : {}),
        })
      : undefined;
  const faults = options.control === false ? undefined : new FaultPlan();
  return { contract, fixtures, clock, callingNameDelayMs, shared, owned, store, operations, verifier, admit, faults };
}

/**
 * Fastify's configuration: the timeouts, no Host requirement of Node's own (the Host check answers in the
 * envelope), and the errors Node and the router raise before any hook, answered as W5 asks.
 */
function fastifyOptions(options: ServerOptions, hosts: HostPolicy, control: boolean, log: ServerLog) {
  const timeouts = { ...defaultTimeouts, ...options.timeouts };
  return {
    // Every log line of a request names its operation (GetPhoneNumber, UpdatePhoneNumber, control, outside).
    ...log.fastify,
    genReqId: () => randomUUID(),
    bodyLimit: bodyLimitBytes,
    exposeHeadRoutes: false,
    return503OnClosing: false,
    forceCloseConnections: "idle",
    connectionTimeout: timeouts.idleMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    // requireHostHeader: Node would answer a request without Host with a bare 400; the hook answers it in the envelope.
    http: {
      headersTimeout: timeouts.headersMs,
      connectionsCheckingInterval: timeouts.checkIntervalMs,
      requireHostHeader: false,
    },
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
    // Errors Node raises on the socket itself (a timeout, an unparsable request): W5's 400, in the W3 envelope.
    clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
      const pending = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
      if (error.code === "ECONNRESET" || !socket.writable || pending?.headersSent) return void socket.destroy();
      // A whole request before the bad bytes is still being answered: HTTP/1.1 answers in order, so its own
      // answer goes first and the 400 after it (written now, the 400 would be read as that request's answer).
      if (pending && !pending.writableFinished && pending.req.complete) {
        pending.once("finish", () => writeSocketError(socket, unreadableRequestMessage(error.code)));
        return;
      }
      writeSocketError(socket, unreadableRequestMessage(error.code));
    },
    // The router's own complaints (a URL it cannot decode) are judged like any other request.
    frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      // Raised before the hooks run, so the Host check that comes first is made here too.
      if (refuseByHost(hosts, request, reply, control)) return;
      const target = requestTarget(request.method, request.raw.url ?? "");
      if (target.kind === "outside") return sendError(reply, "NotFoundException", outsideMessage);
      return sendError(
        reply,
        "BadRequestException",
        error.code === "FST_ERR_BAD_URL"
          ? "phoneNumberId: the path label is not valid percent-encoding"
          : "request: the URL cannot be read",
      );
    },
  } satisfies FastifyHttpOptions<Server>;
}

/** The reference server, not listening: for `inject()` and for embedding. */
export async function buildServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  const parts = await serverParts(options);
  const { contract, shared, owned, store, faults, verifier } = parts;
  const hosts = hostPolicy(options.allowedHosts);
  const log = serverLog(options.logLevel ?? "warn", options.logStream ?? process.stderr);
  const app = Fastify(fastifyOptions(options, hosts, faults !== undefined, log));

  // The body arrives as bytes whatever its content type; parseUpdateRequest judges it (V1), never Fastify's JSON parser.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: bodyLimitBytes }, (_request, body, done) =>
    done(null, body),
  );

  const handle = phoneNumberHandler({
    contract,
    operations: parts.operations,
    ...(parts.admit ? { admit: parts.admit } : {}),
    ...(faults ? { faults } : {}),
  });
  app.route({ method: ["GET", "POST"], url: "/phone-numbers/*", handler: handle });
  if (owned?.close) app.addHook("onClose", async () => owned.close!());
  // Before the server waits for requests in flight (onClose runs only after): a query hung on a database that
  // stopped answering is ended, after a moment's grace, so that it cannot hold a stop.
  if (shared) app.addHook("preClose", () => shared.close());
  guardAndAnswerErrors(app, hosts, faults !== undefined, log);
  // Registered last: awaiting a registration builds the routes declared so far, which must already see the handlers above.
  if (faults)
    await app.register(
      controlRoutes({
        contract,
        state: shared ? sharedControlState(shared) : localControlState(store!),
        fixtures: parts.fixtures,
        clock: parts.clock,
        callingNameDelayMs: parts.callingNameDelayMs,
        faults,
        ...(verifier ? { verifier } : {}),
      }),
      { prefix: controlPrefix },
    );
  return app;
}

/** The Host check before anything else, and every request the routes do not answer, answered in the envelope. */
function guardAndAnswerErrors(app: FastifyInstance, hosts: HostPolicy, control: boolean, log: ServerLog): void {
  // First of all, before W5: whom the request is addressed to (no Host, or a name this server does not answer to).
  app.addHook("onRequest", (request, reply, done) => {
    if (!refuseByHost(hosts, request, reply, control)) done();
  });
  // Node answers an Expect it cannot meet with a bare 417, and drops CONNECT; both in the envelope instead (W5),
  // after the same Host check.
  app.server.on("checkExpectation", (req: IncomingMessage, res: ServerResponse) =>
    writeSocketRefusal(hosts, req, res.socket!, "Expect: only 100-continue is supported", "BadRequestException"),
  );
  app.server.on("connect", (req: IncomingMessage, socket: Socket) =>
    writeSocketRefusal(hosts, req, socket, outsideMessage, "NotFoundException"),
  );
  app.setNotFoundHandler((_request, reply) => sendError(reply, "NotFoundException", outsideMessage));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (requestTarget(request.method, request.raw.url ?? "").kind === "outside") {
      return sendError(reply, "NotFoundException", outsideMessage);
    }
    // A store that did not answer in time, or lost its database: the service is unavailable, not broken (W3).
    if (error instanceof StoreTimeoutError || error instanceof StoreUnavailableError) {
      log.of(request).warn({ err: error }, "store unavailable");
      return sendError(reply, "ServiceUnavailableException", "The service is unavailable; try again later.");
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500)
      return sendError(reply, "BadRequestException", frameworkErrorMessage(error.code));
    log.of(request).error({ err: error }, "unexpected error");
    return sendError(reply, "ServiceFailureException", "The service encountered an unexpected error.");
  });
}

/** W3: a 400 names the part of the request at fault, without repeating what the client sent. */
function frameworkErrorMessage(code: string | undefined): string {
  switch (code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return `body: larger than ${bodyLimitBytes} bytes`;
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
    case "FST_ERR_CTP_INVALID_TYPE":
      return "Content-Type: the body must be application/json";
    case "FST_ERR_CTP_INVALID_CONTENT_LENGTH":
      return "Content-Length: does not match the body received";
    default:
      return "request: the request could not be read";
  }
}
