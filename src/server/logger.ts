import type { LoggerOptions } from "pino";
import { requestTarget } from "../contract/request-target.js";

/**
 * pino options for the server. The service model marks PhoneNumberId, E164PhoneNumber, CallingName and
 * Name as sensitive, and request URLs carry the number, so nothing here ever logs a URL, a body or an
 * error's message: requests are logged by method and route template, errors by code and status.
 */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    serializers: {
      req: (req: { method?: string; url?: string }) => ({ method: req.method, route: routeTemplate(req.url ?? "") }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      // An error's message may quote the URL; its stack frames are kept without that first line.
      err: (err: { name?: string; code?: string; statusCode?: number; stack?: string }) => ({
        type: err.name ?? "Error",
        code: err.code,
        statusCode: err.statusCode,
        message: "[redacted]",
        stack: (err.stack ?? "")
          .split("\n")
          .filter((line) => line.trimStart().startsWith("at "))
          .join("\n"),
      }),
    },
    redact: { paths: ["req.url", "req.headers", "body", "url", "params", "query"], censor: "[redacted]" },
  };
}

/** `/phone-numbers/%2B12065550100?x=1` -> `/phone-numbers/{phoneNumberId}`; any other path is not repeated at all. */
export function routeTemplate(url: string): string {
  if (url.startsWith("/phone-numbers/")) return "/phone-numbers/{phoneNumberId}";
  // Control paths carry no number (those travel in their bodies, which are never logged).
  if (url.startsWith("/_control/")) return url.split("?")[0]!;
  return "(outside the contract)";
}

/** The operation a request addresses, for its log lines: an operation id, `control`, or `outside`. */
export function operationOf(method: string, url: string): string {
  const target = requestTarget(method, url);
  if (target.kind === "operation") return target.operationId;
  return url.startsWith("/_control/") ? "control" : "outside";
}
