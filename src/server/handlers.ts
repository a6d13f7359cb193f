import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Contract } from "../contract/index.js";
import type { Admission } from "./admission.js";
import type { Clock } from "./clock.js";
import { phoneNumberBody, sendError, sendPhoneNumber } from "./envelope.js";
import type { FaultPlan } from "./faults.js";
import { decodeLabel } from "./label.js";
import { phoneNumberBodies } from "./phone-number-bodies.js";
import { applyUpdate, settle } from "./phone-number-state.js";
import { requestTarget } from "./request-target.js";
import type { Store, StoredNumber } from "./store.js";
import type { UpdateQueue } from "./update-queue.js";
import { parseUpdateRequest, type PhoneNumberUpdate } from "./update-request.js";

export interface HandlerContext {
  contract: Contract;
  store: Store;
  clock: Clock;
  callingNameDelayMs: number;
  /** Authentication and throttling; absent: every request is let in. */
  admit?: Admission;
  /** Faults queued by the control interface; absent when it is off. */
  faults?: FaultPlan;
  /** S8: simulated processing time per update; 0 answers at once. */
  latencyMs?: number;
  updateQueue?: UpdateQueue;
}

export const outsideMessage =
  "The requested resource was not found: this server implements GetPhoneNumber and UpdatePhoneNumber only.";
const duplicateMessage =
  "Multiple instances of the same request were made simultaneously: an identical update for this phone number is in flight.";

/**
 * GetPhoneNumber and UpdatePhoneNumber, judged in DESIGN's order: the request's target (W5), authentication
 * and throttling, the label (W1), the body (V1-V7, before lookup: V8), lookup (S1), then state (S2, S5, S8)
 * and the update (S3, S4, S6). Each step reads the store once and writes it at most once, synchronously (S7).
 */
export function phoneNumberHandler(context: HandlerContext) {
  const { contract, store, clock, callingNameDelayMs, admit, faults, latencyMs = 0, updateQueue } = context;
  const updateValidator = contract.requestValidator("UpdatePhoneNumber");
  // A number is only read here (settle and applyUpdate build new records), so a store's frozen view will do.
  const lookup = store.read
    ? (phoneNumber: string) => store.read!(phoneNumber)
    : (phoneNumber: string) => store.get(phoneNumber);
  const bodyOf = phoneNumberBodies(store);
  // settle and applyUpdate build a new record per write that nothing else holds: the store may keep it without a copy.
  const putNew = store.putOwned
    ? (record: StoredNumber) => store.putOwned!(record)
    : (record: StoredNumber) => store.put(record);
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

    const body = Buffer.isBuffer(request.body) ? request.body : undefined;
    const parsed =
      target.operationId === "UpdatePhoneNumber"
        ? parseUpdateRequest(request.headers["content-type"], body, updateValidator)
        : undefined;
    if (parsed && !parsed.ok) return sendError(reply, "BadRequestException", parsed.message);

    if (!parsed) {
      const now = clock.now();
      const stored = lookup(label.value);
      if (!stored) return sendError(reply, "NotFoundException", "The phone number was not found.");
      const current = settle(stored, now);
      if (current === stored) return sendPhoneNumber(reply, bodyOf(stored));
      putNew(current);
      return sendPhoneNumber(reply, phoneNumberBody(current.phoneNumber));
    }
    if (latencyMs === 0 || !updateQueue) return update(reply, label.value, parsed.update);

    // S8 with simulated processing time: lookup (404) before state (409), then one update per number at a time.
    if (!lookup(label.value)) return sendError(reply, "NotFoundException", "The phone number was not found.");
    const bodyKey = JSON.stringify([parsed.update.member, parsed.update.value]);
    if (updateQueue.isInFlight(label.value, bodyKey)) return sendError(reply, "ConflictException", duplicateMessage);
    return updateQueue.run(label.value, bodyKey, async () => {
      await sleep(latencyMs);
      return update(reply, label.value, parsed.update);
    });
  };

  /** Lookup, state and the write, with no await in between: one update's read-modify-write never interleaves with another's. */
  function update(reply: FastifyReply, phoneNumber: string, change: PhoneNumberUpdate): FastifyReply {
    const now = clock.now();
    const stored = lookup(phoneNumber);
    if (!stored) return sendError(reply, "NotFoundException", "The phone number was not found.");
    const current = settle(stored, now);
    const result = applyUpdate(current, change, now, callingNameDelayMs);
    if (!result.ok) {
      if (current !== stored) putNew(current);
      return sendError(reply, result.shape, result.message);
    }
    // Written (and, for a durable store, committed) before the 200 leaves.
    putNew(result.record);
    return sendPhoneNumber(reply, phoneNumberBody(result.record.phoneNumber));
  }
}
