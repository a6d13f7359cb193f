import type { FastifyRequest } from "fastify";
import type { ErrorShape, OperationId } from "../contract/index.js";
import type { RateLimiter } from "./rate-limit.js";
import type { SigV4Verifier } from "./sigv4.js";

export interface Refusal {
  shape: Extract<ErrorShape, "UnauthorizedClientException" | "ForbiddenException" | "ThrottledClientException">;
  message: string;
}

/** The first two steps of DESIGN's order for a request in the contract: authentication (401/403), then throttling (429). */
export type Admission = (request: FastifyRequest, operationId: OperationId) => Promise<Refusal | undefined>;

export interface AdmissionOptions {
  /** `--auth sigv4`; absent: every request is let in unsigned (`--auth none`). */
  verifier?: SigV4Verifier;
  /** `--rate-limit N`; absent: no limit. */
  rateLimiter?: RateLimiter;
}

export function createAdmission(options: AdmissionOptions): Admission {
  const { verifier, rateLimiter } = options;
  return async (request, operationId) => {
    // Throttled per caller: the access key when signed, else the client address.
    let caller = `address:${request.ip}`;
    if (verifier) {
      const result = await verifier({
        method: request.method,
        // The raw request line and the body as received: re-signing anything the framework decoded would not match.
        rawUrl: request.raw.url ?? "",
        headers: request.headers,
        body: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      });
      if (!result.ok) return { shape: "UnauthorizedClientException", message: result.reason };
      if (!result.allows(operationId)) {
        return {
          shape: "ForbiddenException",
          message: `The access key ${result.accessKeyId} is not authorized to perform chime:${operationId}.`,
        };
      }
      caller = `key:${result.accessKeyId}`;
    }
    if (rateLimiter && !rateLimiter.take(caller))
      return { shape: "ThrottledClientException", message: "Rate exceeded: too many requests from this caller." };
    return undefined;
  };
}
