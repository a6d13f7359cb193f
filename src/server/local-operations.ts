import { setTimeout as sleep } from "node:timers/promises";
import type { FastifyReply } from "fastify";
import type { Clock } from "./clock.js";
import { phoneNumberBody, sendError, sendPhoneNumber } from "./envelope.js";
import { duplicateMessage, notFoundMessage, type NumberOperations, updateKey } from "./number-operations.js";
import { phoneNumberBodies } from "./phone-number-bodies.js";
import { applyUpdate, settle } from "./phone-number-state.js";
import type { Store, StoredNumber } from "./store.js";
import { UpdateQueue } from "./update-queue.js";
import type { PhoneNumberUpdate } from "../contract/update-request.js";

export interface LocalContext {
  store: Store;
  clock: Clock;
  callingNameDelayMs: number;
  /** S8: simulated processing time per update; 0 answers at once. */
  latencyMs: number;
}

/**
 * The operations on a store in this process (memory, SQLite). Each step reads the store once and writes it at
 * most once, synchronously, so one update's read-modify-write never interleaves with another's (S7, S8).
 */
export function localOperations(context: LocalContext): NumberOperations {
  const { store, clock, callingNameDelayMs, latencyMs } = context;
  const updateQueue = latencyMs > 0 ? new UpdateQueue() : undefined;
  // A number is only read here (settle and applyUpdate build new records), so a store's frozen view will do.
  const lookup = store.read
    ? (phoneNumber: string) => store.read!(phoneNumber)
    : (phoneNumber: string) => store.get(phoneNumber);
  const bodyOf = phoneNumberBodies(store);
  // settle and applyUpdate build a new record per write that nothing else holds: the store may keep it without a copy.
  const putNew = store.putOwned
    ? (record: StoredNumber) => store.putOwned!(record)
    : (record: StoredNumber) => store.put(record);

  /** Lookup, state and the write, with no await in between. */
  function update(reply: FastifyReply, phoneNumber: string, change: PhoneNumberUpdate): FastifyReply {
    const now = clock.now();
    const stored = lookup(phoneNumber);
    if (!stored) return sendError(reply, "NotFoundException", notFoundMessage);
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

  return {
    get(reply, phoneNumber) {
      const stored = lookup(phoneNumber);
      if (!stored) return sendError(reply, "NotFoundException", notFoundMessage);
      const current = settle(stored, clock.now());
      if (current === stored) return sendPhoneNumber(reply, bodyOf(stored));
      putNew(current);
      return sendPhoneNumber(reply, phoneNumberBody(current.phoneNumber));
    },
    update(reply, phoneNumber, change) {
      if (!updateQueue) return update(reply, phoneNumber, change);
      // S8 with simulated processing time: lookup (404) before state (409), then one update per number at a time.
      if (!lookup(phoneNumber)) return sendError(reply, "NotFoundException", notFoundMessage);
      const key = updateKey(change);
      if (updateQueue.isInFlight(phoneNumber, key)) return sendError(reply, "ConflictException", duplicateMessage);
      return updateQueue.run(phoneNumber, key, async () => {
        await sleep(latencyMs);
        return update(reply, phoneNumber, change);
      });
    },
  };
}
