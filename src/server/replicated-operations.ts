import type { FastifyReply } from "fastify";
import type { Clock } from "./clock.js";
import { phoneNumberBody, sendError, sendPhoneNumber } from "./envelope.js";
import { duplicateMessage, notFoundMessage, type NumberOperations, updateKey } from "./number-operations.js";
import { applyUpdate, settle } from "./phone-number-state.js";
import { inFlight, type Decision, type SharedStore } from "./store.js";

export interface ReplicatedContext {
  store: SharedStore;
  clock: Clock;
  callingNameDelayMs: number;
  /** S8: simulated processing time per update, under the number's lock; 0 answers at once. */
  latencyMs: number;
}

type Answer = (reply: FastifyReply) => FastifyReply;

/**
 * The operations on a store shared by replicas. A read settles a due calling name without writing it (when it
 * completes is in the database, so every replica settles it alike); an update decides from the record read
 * under the number's lock and is answered after its commit (S7, S8 across replicas; nothing answered is lost).
 */
export function replicatedOperations(context: ReplicatedContext): NumberOperations {
  const { store, clock, callingNameDelayMs, latencyMs } = context;
  return {
    async get(reply, phoneNumber) {
      const stored = await store.read(phoneNumber);
      if (!stored) return sendError(reply, "NotFoundException", notFoundMessage);
      return sendPhoneNumber(reply, phoneNumberBody(settle(stored, clock.now()).phoneNumber));
    },
    async update(reply, phoneNumber, change) {
      const decide = (stored: Parameters<typeof settle>[0] | undefined): Decision<Answer> => {
        if (!stored) return { answer: (r) => sendError(r, "NotFoundException", notFoundMessage) };
        const now = clock.now();
        const current = settle(stored, now);
        const result = applyUpdate(current, change, now, callingNameDelayMs);
        if (!result.ok) return { answer: (r) => sendError(r, result.shape, result.message) };
        const body = phoneNumberBody(result.record.phoneNumber);
        return { write: result.record, answer: (r) => sendPhoneNumber(r, body) };
      };
      const outcome = await store.change(
        phoneNumber,
        decide,
        latencyMs > 0 ? { key: updateKey(change), ms: latencyMs } : undefined,
      );
      if (outcome === inFlight) return sendError(reply, "ConflictException", duplicateMessage);
      return outcome(reply);
    },
  };
}
