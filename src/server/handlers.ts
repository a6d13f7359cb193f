import type { FastifyReply, FastifyRequest } from "fastify";
import type { Contract } from "../contract/index.js";
import type { Clock } from "./clock.js";
import { sendError, sendPhoneNumber } from "./envelope.js";
import { decodeLabel } from "./label.js";
import { applyUpdate, settle } from "./phone-number-state.js";
import { requestTarget } from "./request-target.js";
import type { Store } from "./store.js";
import { parseUpdateRequest } from "./update-request.js";

export interface HandlerContext {
  contract: Contract;
  store: Store;
  clock: Clock;
  callingNameDelayMs: number;
}

export const outsideMessage = "The requested resource was not found: this server implements GetPhoneNumber and UpdatePhoneNumber only.";

/**
 * GetPhoneNumber and UpdatePhoneNumber, judged in DESIGN's order: the request's target (W5), the label
 * (W1), the body (V1-V7, before lookup: V8), lookup (S1), then state (S2, S5) and the update (S3, S4, S6).
 * Each step reads the store once and writes it at most once, synchronously (S7, S8).
 */
export function phoneNumberHandler(context: HandlerContext) {
  const { contract, store, clock, callingNameDelayMs } = context;
  const updateValidator = contract.requestValidator("UpdatePhoneNumber");
  return async function handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const target = requestTarget(request.method, request.raw.url ?? "");
    if (target.kind === "outside") return sendError(reply, "NotFoundException", outsideMessage);
    const label = decodeLabel(target.rawLabel, contract.operation(target.operationId).label);
    if (!label.ok) return sendError(reply, "BadRequestException", label.message);

    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    const parsed = target.operationId === "UpdatePhoneNumber" ? parseUpdateRequest(request.headers["content-type"], body, updateValidator) : undefined;
    if (parsed && !parsed.ok) return sendError(reply, "BadRequestException", parsed.message);

    const now = clock.now();
    const stored = store.get(label.value);
    if (!stored) return sendError(reply, "NotFoundException", "The phone number was not found.");
    const current = settle(stored, now);
    if (!parsed) {
      if (current !== stored) store.put(current);
      return sendPhoneNumber(reply, { PhoneNumber: current.phoneNumber });
    }
    const result = applyUpdate(current, parsed.update, now, callingNameDelayMs);
    if (!result.ok) {
      if (current !== stored) store.put(current);
      return sendError(reply, result.shape, result.message);
    }
    store.put(result.record);
    // S8's simulated processing time, when it comes, belongs here: between the decision and the answer.
    return sendPhoneNumber(reply, { PhoneNumber: result.record.phoneNumber });
  };
}
