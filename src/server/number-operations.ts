import type { FastifyReply } from "fastify";
import type { PhoneNumberUpdate } from "../contract/update-request.js";

/**
 * GetPhoneNumber and UpdatePhoneNumber once a request has been judged up to its body (W1-W5, V1-V8): lookup
 * (S1), state (S2, S5, S8) and the update (S3, S4, S6) on one kind of store. A store in the process answers
 * synchronously; a store shared by replicas answers after its round trips.
 */
export interface NumberOperations {
  get(reply: FastifyReply, phoneNumber: string): FastifyReply | Promise<FastifyReply>;
  update(reply: FastifyReply, phoneNumber: string, change: PhoneNumberUpdate): FastifyReply | Promise<FastifyReply>;
}

export const notFoundMessage = "The phone number was not found.";
export const duplicateMessage =
  "Multiple instances of the same request were made simultaneously: an identical update for this phone number is in flight.";

/** S8: what makes two updates identical (same number, same parsed body); the number is keyed separately. */
export function updateKey(change: PhoneNumberUpdate): string {
  return JSON.stringify([change.member, change.value]);
}
