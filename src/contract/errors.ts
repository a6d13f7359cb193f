/**
 * The service's errors: one table, used by the server, the runner, the drift check and the tests.
 * Shapes, statuses and fault sides come from the official model (`smithy.api#httpError`,
 * `smithy.api#error`); the body's `Code` per shape is DESIGN W3.
 */
export const serviceErrors = [
  { shape: "BadRequestException", status: 400, code: "BadRequest", fault: "client" },
  { shape: "UnauthorizedClientException", status: 401, code: "Unauthorized", fault: "client" },
  { shape: "ForbiddenException", status: 403, code: "Forbidden", fault: "client" },
  { shape: "NotFoundException", status: 404, code: "NotFound", fault: "client" },
  { shape: "ConflictException", status: 409, code: "Conflict", fault: "client" },
  { shape: "ThrottledClientException", status: 429, code: "Throttled", fault: "client" },
  { shape: "ServiceFailureException", status: 500, code: "ServiceFailure", fault: "server" },
  { shape: "ServiceUnavailableException", status: 503, code: "ServiceUnavailable", fault: "server" },
] as const;

export type ServiceError = (typeof serviceErrors)[number];
export type ErrorShape = ServiceError["shape"];
export type ErrorCode = ServiceError["code"];

const byShape = new Map<string, ServiceError>(serviceErrors.map((e) => [e.shape, e]));
const byStatus = new Map<number, ServiceError>(serviceErrors.map((e) => [e.status, e]));

export function errorByShape(shape: string): ServiceError | undefined {
  return byShape.get(shape);
}

export function errorByStatus(status: number): ServiceError | undefined {
  return byStatus.get(status);
}

export function isErrorShape(value: string): value is ErrorShape {
  return byShape.has(value);
}

/**
 * The shape named by an `x-amzn-ErrorType` header. AWS may append a colon and a URL
 * (`BadRequestException:http://internal.amazon.com/...`); the SDKs keep the part before it.
 */
export function shapeFromErrorTypeHeader(value: string): string {
  const colon = value.indexOf(":");
  return (colon === -1 ? value : value.slice(0, colon)).trim();
}
