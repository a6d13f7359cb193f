// What went wrong with the database, from what `pg` and Node report, as the tool's own errors: no answer in
// time (a timeout), no usable connection (refused, reset, login failed, no such database), or something else.
// Every message is one line with every secret the store knows of scrubbed from it.
import { StoreTimeoutError, StoreUnavailableError, ToolError } from "../errors.js";
import { scrub } from "./redaction.js";
import { targetAddress, type PostgresTarget } from "./postgres-target.js";

// Node's own errors on a socket that never became, or stopped being, a connection.
const socketCodes = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ETIMEDOUT",
  "EPIPE",
  "ENOENT",
  "EACCES",
]);

/** SQLSTATE classes and codes that mean "no usable connection": login, database, server going away. */
function unavailableState(code: string): boolean {
  return (
    code.startsWith("08") || // connection exception
    code.startsWith("28") || // invalid authorization (password failed, no such role)
    code === "3D000" || // no such database
    code === "53300" || // too many connections
    code.startsWith("57P") // admin or crash shutdown, cannot connect now
  );
}

/** The three ways `pg` says a client-side deadline passed (connect, a pool's connect, a query's read). */
const clientTimeoutMessages = new Set([
  "timeout expired",
  "Connection terminated due to connection timeout",
  "Query read timeout",
]);

/** True for a query `pg` gave up on itself: its connection still waits for an answer and is not reusable. */
export function isClientQueryTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === "Query read timeout";
}

/**
 * The tool's error for `error`, with `prefix` before its one line (`--store URL` at start, `postgres store at
 * HOST:PORT` while serving), or undefined when it is neither a timeout nor a lost connection.
 */
export function classifyStoreError(
  error: unknown,
  target: PostgresTarget,
  secrets: Iterable<string>,
  prefix: string,
): ToolError | undefined {
  const address = targetAddress(target);
  const line = (detail: string) => `${prefix}: ${scrub(oneLine(detail), secrets)}`;
  if (error instanceof ToolError) return new (error.constructor as new (m: string) => ToolError)(line(error.message));
  if (!(error instanceof Error)) return undefined;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (error.message === "Query read timeout")
    return new StoreTimeoutError(line(`no answer to a query from ${address} within ${seconds(target.queryTimeoutMs)}`));
  if (clientTimeoutMessages.has(error.message))
    return new StoreTimeoutError(line(`no answer from ${address} within ${seconds(target.connectTimeoutMs)}`));
  // The server cancelled a statement that ran past statement_timeout (or an administrator cancelled it).
  if (code === "57014") return new StoreTimeoutError(line(`a query to ${address} was cancelled: ${error.message}`));
  if (socketCodes.has(code)) return new StoreUnavailableError(line(`cannot connect to ${address}: ${code}`));
  if (unavailableState(code) || error.message.startsWith("Connection terminated"))
    return new StoreUnavailableError(line(error.message || code));
  return undefined;
}

/** The same, for an error that must be reported whatever it is (at start: everything is a store unavailable). */
export function storeOpenError(
  error: unknown,
  target: PostgresTarget,
  secrets: Iterable<string>,
  prefix: string,
): ToolError {
  return (
    classifyStoreError(error, target, secrets, prefix) ??
    new StoreUnavailableError(`${prefix}: ${scrub(oneLine(messageOf(error)), secrets)}`)
  );
}

function messageOf(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.message || (error as NodeJS.ErrnoException).code || error.name;
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, " ");
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}
