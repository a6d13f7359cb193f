import type { IncomingMessage } from "node:http";
import type { FastifyBaseLogger } from "fastify";
import { operationOf } from "./logger.js";

type Bindings = Record<string, unknown>;
type ChildOptions = Parameters<FastifyBaseLogger["child"]>[1];
type Level = "fatal" | "error" | "warn" | "info" | "debug" | "trace";

/** pino's level values (loggerOptions defines no custom level). */
const rank: Record<string, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/**
 * A request's logger: every line it writes names the request id and the operation. pino's child logger is
 * built on the first line actually written, not for every request: building it (formatters, bindings
 * serialized) was, after the store's copies, the largest cost of a GET in the profile, and at the default
 * level (warn) a request that goes well writes no line at all.
 */
export class RequestLogger implements FastifyBaseLogger {
  readonly #parent: FastifyBaseLogger;
  readonly #bindings: Bindings;
  readonly #options: ChildOptions;
  readonly #request: Pick<IncomingMessage, "method" | "url">;
  #logger: FastifyBaseLogger | undefined;

  constructor(
    parent: FastifyBaseLogger,
    bindings: Bindings,
    options: ChildOptions,
    request: Pick<IncomingMessage, "method" | "url">,
  ) {
    this.#parent = parent;
    this.#bindings = bindings;
    this.#options = options;
    this.#request = request;
    // A level of its own (a route's logLevel) would make the parent's level the wrong one to consult.
    if (options?.level !== undefined) this.#built();
  }

  get level(): string {
    return (this.#logger ?? this.#parent).level;
  }

  set level(level: string) {
    this.#built().level = level;
  }

  fatal(...args: unknown[]): void {
    this.#write("fatal", args);
  }

  error(...args: unknown[]): void {
    this.#write("error", args);
  }

  warn(...args: unknown[]): void {
    this.#write("warn", args);
  }

  info(...args: unknown[]): void {
    this.#write("info", args);
  }

  debug(...args: unknown[]): void {
    this.#write("debug", args);
  }

  trace(...args: unknown[]): void {
    this.#write("trace", args);
  }

  silent(): void {}

  child(bindings: Bindings, options?: ChildOptions): FastifyBaseLogger {
    return this.#built().child(bindings, options);
  }

  #write(level: Level, args: unknown[]): void {
    if (rank[level]! < (rank[this.level] ?? 0)) return;
    const logger = this.#built();
    (logger[level] as (...args: unknown[]) => void).apply(logger, args);
  }

  #built(): FastifyBaseLogger {
    this.#logger ??= this.#parent.child(
      { ...this.#bindings, operation: operationOf(this.#request.method ?? "", this.#request.url ?? "") },
      this.#options,
    );
    return this.#logger;
  }
}
