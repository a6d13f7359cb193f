import { isErrorShape, operationIds, serviceErrors, type ErrorShape, type OperationId } from "../contract/index.js";
import { atMost, parseDuration, timerLimit } from "../duration.js";

/** What an injected fault does to one answer. */
export type FaultEffect =
  | { kind: "error"; shape: ErrorShape; message: string }
  | { kind: "latency"; ms: number }
  /** The socket is destroyed without an answer: the client sees a connection reset. */
  | { kind: "drop" };

export interface Fault {
  id: number;
  operation: OperationId;
  /** E164PhoneNumber; absent: any number. */
  phoneNumber?: string;
  /** Answers still to be affected. */
  remaining: number;
  effect: FaultEffect;
}

export type FaultRequest = Omit<Fault, "id">;

/**
 * Faults queued by the control interface, consumed in the order they were added: the next N answers for an
 * operation (optionally one number) get the fault, then the server answers normally again. Deterministic on
 * purpose, so a client's retry logic can be tested from an unmodified SDK.
 */
export class FaultPlan {
  #faults: Fault[] = [];
  #nextId = 1;

  add(request: FaultRequest): Fault {
    const fault = { id: this.#nextId++, ...request };
    this.#faults.push(fault);
    return structuredClone(fault);
  }

  /** The effect for this answer, if a queued fault matches; each call uses up one answer of that fault. */
  take(operation: OperationId, phoneNumber: string): FaultEffect | undefined {
    const index = this.#faults.findIndex(
      (f) => f.operation === operation && (f.phoneNumber === undefined || f.phoneNumber === phoneNumber),
    );
    if (index === -1) return undefined;
    const fault = this.#faults[index]!;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.#faults.splice(index, 1);
    return fault.effect;
  }

  list(): Fault[] {
    return structuredClone(this.#faults);
  }

  clear(): number {
    const count = this.#faults.length;
    this.#faults = [];
    return count;
  }
}

export type FaultParse = { ok: true; fault: FaultRequest } | { ok: false; message: string };

const members = new Set(["operation", "phoneNumber", "count", "error", "message", "latency", "drop"]);

/**
 * The control interface's fault body: `{"operation", "phoneNumber"?, "count"? (default 1), and exactly one of
 * "error": "<shape of the error table>" (with "message"?), "latency": "250ms" | 250, "drop": true}`.
 * `normalise` turns a phone number as given (`+1...` or `%2B1...`) into the E164PhoneNumber the store is keyed by.
 */
export function parseFaultRequest(body: unknown, normalise: (phoneNumber: string) => string | undefined): FaultParse {
  const fail = (message: string): FaultParse => ({ ok: false, message });
  if (typeof body !== "object" || body === null || Array.isArray(body)) return fail("the body must be a JSON object");
  const value = body as Record<string, unknown>;
  const unknown = Object.keys(value).find((name) => !members.has(name));
  if (unknown !== undefined) return fail(`unknown member "${unknown}" (expected ${[...members].join(", ")})`);
  const { operation, phoneNumber, count = 1, error, message, latency, drop } = value;
  if (typeof operation !== "string" || !(operationIds as readonly string[]).includes(operation)) {
    return fail(`operation must be one of ${operationIds.join(", ")}`);
  }
  let e164: string | undefined;
  if (phoneNumber !== undefined) {
    e164 = typeof phoneNumber === "string" ? normalise(phoneNumber) : undefined;
    if (e164 === undefined) return fail("phoneNumber must be a phone number such as +12065550100 or %2B12065550100");
  }
  if (typeof count !== "number" || !Number.isInteger(count) || count < 1)
    return fail("count must be an integer of at least 1");
  const effects = [error, latency, drop].filter((e) => e !== undefined).length;
  if (effects !== 1) return fail('give exactly one of "error", "latency", "drop"');
  let effect: FaultEffect;
  if (error !== undefined) {
    if (typeof error !== "string" || !isErrorShape(error))
      return fail(`error must be one of ${serviceErrors.map((e) => e.shape).join(", ")}`);
    if (message !== undefined && (typeof message !== "string" || message === ""))
      return fail("message must be a non-empty string");
    effect = {
      kind: "error",
      shape: error,
      message: (message as string | undefined) ?? `Injected ${error} (control interface).`,
    };
  } else if (latency !== undefined) {
    const ms = typeof latency === "number" ? latency : typeof latency === "string" ? parseDuration(latency) : undefined;
    if (ms === undefined || !Number.isFinite(ms) || ms < 0)
      return fail("latency must be a duration such as 250ms or 2s, or a number of milliseconds");
    // The answer waits for it in a timer: a longer one would fire at once.
    if (ms > timerLimit.ms) return fail(`latency must be ${atMost(timerLimit)}`);
    effect = { kind: "latency", ms };
  } else {
    if (drop !== true) return fail("drop must be true");
    effect = { kind: "drop" };
  }
  if (message !== undefined && effect.kind !== "error") return fail('message goes with "error" only');
  return {
    ok: true,
    fault: {
      operation: operation as OperationId,
      ...(e164 !== undefined ? { phoneNumber: e164 } : {}),
      remaining: count,
      effect,
    },
  };
}
