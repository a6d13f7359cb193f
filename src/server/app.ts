import { randomUUID } from "node:crypto";
import type { Socket } from "node:net";
import type { Writable } from "node:stream";
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from "fastify";
import { defaultFixturesPath, loadContract, loadFixtures, type Contract, type Fixture } from "../contract/index.js";
import { systemClock, type Clock } from "./clock.js";
import { sendError, writeSocketError } from "./envelope.js";
import { outsideMessage, phoneNumberHandler } from "./handlers.js";
import { loggerOptions } from "./logger.js";
import { MemoryStore } from "./memory-store.js";
import { recordsFromFixtures } from "./phone-number-state.js";
import { requestTarget } from "./request-target.js";
import type { Store } from "./store.js";
import { defaultTimeouts, type ServerTimeouts } from "./timeouts.js";
import { bodyLimitBytes } from "./update-request.js";

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
  timeouts?: Partial<ServerTimeouts>;
}

export const defaultCallingNameDelayMs = 72 * 3_600_000;

/** The reference server, not listening: for `inject()` and for embedding. */
export async function buildServer(options: ServerOptions = {}): Promise<FastifyInstance> {
  const contract = options.contract ?? (await loadContract());
  const fixtures = options.fixtures ?? (await loadFixtures(options.fixturesPath ?? defaultFixturesPath, contract));
  const clock = options.clock ?? systemClock;
  const callingNameDelayMs = options.callingNameDelayMs ?? defaultCallingNameDelayMs;
  const store = options.store ?? new MemoryStore();
  store.reset(recordsFromFixtures(fixtures, clock.now(), callingNameDelayMs));
  const timeouts = { ...defaultTimeouts, ...options.timeouts };

  const app = Fastify({
    logger: loggerOptions(options.logLevel ?? "warn", options.logStream ?? process.stderr),
    genReqId: () => randomUUID(),
    bodyLimit: bodyLimitBytes,
    exposeHeadRoutes: false,
    return503OnClosing: false,
    forceCloseConnections: "idle",
    connectionTimeout: timeouts.idleMs,
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: timeouts.checkIntervalMs },
    routerOptions: { caseSensitive: true, ignoreTrailingSlash: false, ignoreDuplicateSlashes: false },
    // Errors Node raises on the socket itself (a timeout, an unparsable request): W5's 400, in the W3 envelope.
    clientErrorHandler(error: NodeJS.ErrnoException, socket: Socket) {
      const pending = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
      if (error.code !== "ECONNRESET" && socket.writable && !pending?.headersSent) {
        writeSocketError(socket, socketErrorMessage(error.code));
      } else {
        socket.destroy();
      }
    },
    // The router's own complaints (a URL it cannot decode) are judged like any other request.
    frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
      const target = requestTarget(request.method, request.raw.url ?? "");
      if (target.kind === "outside") return sendError(reply, "NotFoundException", outsideMessage);
      return sendError(reply, "BadRequestException", error.code === "FST_ERR_BAD_URL" ? "phoneNumberId: the path label is not valid percent-encoding" : "request: the URL cannot be read");
    },
  });

  // The body arrives as bytes whatever its content type; parseUpdateRequest judges it (V1), never Fastify's JSON parser.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser("*", { parseAs: "buffer", bodyLimit: bodyLimitBytes }, (_request, body, done) => done(null, body));

  const handle = phoneNumberHandler({ contract, store, clock, callingNameDelayMs });
  app.route({ method: ["GET", "POST"], url: "/phone-numbers/*", handler: handle });

  app.setNotFoundHandler((_request, reply) => sendError(reply, "NotFoundException", outsideMessage));
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (requestTarget(request.method, request.raw.url ?? "").kind === "outside") {
      return sendError(reply, "NotFoundException", outsideMessage);
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return sendError(reply, "BadRequestException", frameworkErrorMessage(error.code));
    request.log.error({ err: error }, "unexpected error");
    return sendError(reply, "ServiceFailureException", "The service encountered an unexpected error.");
  });
  return app;
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

function socketErrorMessage(code: string | undefined): string {
  switch (code) {
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return "request: not received in time";
    case "HPE_HEADER_OVERFLOW":
      return "request: the request line and headers are too large";
    default:
      return "request: not a valid HTTP request";
  }
}
