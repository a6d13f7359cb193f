import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Contract } from "../contract/index.js";
import type { Admission } from "./admission.js";
import { sendError } from "./envelope.js";
import type { FaultPlan } from "./faults.js";
import { decodeLabel } from "./label.js";
import type { NumberOperations } from "./number-operations.js";
import { requestTarget } from "./request-target.js";
import { parseUpdateRequest } from "../contract/update-request.js";

export interface HandlerContext {
  contract: Contract;
  /** Lookup, state and the update on the server's store. */
  operations: NumberOperations;
  /** Authentication and throttling; absent: every request is let in. */
  admit?: Admission;
  /** Faults queued by the control interface; absent when it is off. */
  faults?: FaultPlan;
}

export const outsideMessage =
  "The requested resource was not found: this server implements GetPhoneNumber and UpdatePhoneNumber only.";

/**
 * GetPhoneNumber and UpdatePhoneNumber, judged in DESIGN's order: the request's target (W5), authentication
 * and throttling, the label (W1), the body (V1-V7, before lookup: V8); then the store's operations judge lookup
 * (S1) and state (S2, S5, S8) and apply the update (S3, S4, S6).
 */
export function phoneNumberHandler(context: HandlerContext) {
  const { contract, operations, admit, faults } = context;
  const updateValidator = contract.requestValidator("UpdatePhoneNumber");
  return async function handle(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
    const target = requestTarget(request.method, request.raw.url ?? "");
    if (target.kind === "outside") return sendError(reply, "NotFoundException", outsideMessage);
    const refusal = admit && (await admit(request, target.operationId));
    if (refusal) return sendError(reply, refusal.shape, refusal.message);
    const label = decodeLabel(target.rawLabel, contract.operation(target.operationId).label);
    if (!label.ok) return sendError(reply, "BadRequestException", label.message);

    const fault = faults?.take(target.operationId, label.value);
    if (fault?.kind === "error") return sendError(reply, fault.shape, fault.message);
    if (fault?.kind === "drop") {
      // No answer at all: the client sees its connection reset, as when a load balancer or process dies mid-request.
      reply.hijack();
      request.raw.socket.destroy();
      return reply;
    }
    if (fault?.kind === "latency") await sleep(fault.ms);

    if (target.operationId !== "UpdatePhoneNumber") return operations.get(reply, label.value);
    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    const parsed = parseUpdateRequest(request.headers["content-type"], body, updateValidator);
    if (!parsed.ok) return sendError(reply, "BadRequestException", parsed.message);
    return operations.update(reply, label.value, parsed.update);
  };
}
