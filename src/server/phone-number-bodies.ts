import { phoneNumberBody } from "./envelope.js";
import type { Store, StoredNumber } from "./store.js";

/**
 * GetPhoneNumber's body for a stored record. A record from a store's frozen view (Store.read) is one version of
 * a number that can never change, so its bytes are serialized once and reused until an update (or a completed
 * calling name) stores a new version; serializing it on every read was the largest cost left in a GET's profile.
 * A store without that view hands out a fresh object per read, so nothing is kept.
 */
export function phoneNumberBodies(store: Store): (record: StoredNumber) => Buffer {
  if (!store.read) return (record) => phoneNumberBody(record.phoneNumber);
  const bodies = new WeakMap<StoredNumber, Buffer>();
  return (record) => {
    let body = bodies.get(record);
    if (body === undefined) {
      body = phoneNumberBody(record.phoneNumber);
      bodies.set(record, body);
    }
    return body;
  };
}
