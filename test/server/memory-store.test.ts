// The memory store's read view: no copy per request, yet no caller can change what is stored (S7's state).
import t from "tap";
import { MemoryStore } from "../../src/server/memory-store.js";
import { applyUpdate } from "../../src/server/phone-number-state.js";
import type { StoredNumber } from "../../src/server/store.js";

const record = (): StoredNumber => ({
  phoneNumber: {
    PhoneNumberId: "%2B1",
    E164PhoneNumber: "+1",
    Country: "US",
    CallingNameStatus: "Unassigned",
    UpdatedTimestamp: "2026-01-01T00:00:00.000Z",
    Capabilities: { InboundCall: true },
    Associations: [{ Name: "VoiceConnectorId", Value: "abc" }],
  },
});

t.test(
  "read hands out the stored record itself, frozen all the way down: a write throws and changes nothing",
  async (t) => {
    const store = new MemoryStore([record()]);
    const view = store.read("+1")!;
    t.equal(store.read("+1"), view, "the same object each time: no copy");
    t.throws(() => {
      view.phoneNumber.Name = "changed";
    }, TypeError);
    t.throws(() => {
      view.phoneNumber.Associations![0]!.Value = "changed";
    }, TypeError);
    t.throws(() => {
      view.phoneNumber.Associations!.push({ Name: "SipRuleId", Value: "x" });
    }, TypeError);
    t.strictSame(store.get("+1"), record());
    t.equal(store.read("+2"), undefined);
  },
);

t.test("get still returns an object of the caller's own, even from a frozen record", async (t) => {
  const store = new MemoryStore([record()]);
  const got = store.get("+1")!;
  got.phoneNumber.Associations!.push({ Name: "SipRuleId", Value: "x" });
  t.notOk(Object.isFrozen(got.phoneNumber));
  t.strictSame(store.read("+1"), record());
});

t.test(
  "an update built from the view keeps the parts it did not change; the previous version is left as it was",
  async (t) => {
    const store = new MemoryStore([record()]);
    const before = store.read("+1")!;
    const result = applyUpdate(before, { member: "Name", value: "Desk" }, Date.parse("2026-02-01T00:00:00.000Z"), 0);
    t.ok(result.ok);
    if (!result.ok) return;
    store.put(result.record);
    const after = store.read("+1")!;
    t.not(after, before, "a new version");
    t.equal(after.phoneNumber.Name, "Desk");
    t.equal(after.phoneNumber.Capabilities, before.phoneNumber.Capabilities, "unchanged parts are shared, not copied");
    t.equal(before.phoneNumber.Name, undefined, "the previous version is untouched");
    t.ok(Object.isFrozen(after) && Object.isFrozen(after.phoneNumber));
  },
);

t.test("put copies what it did not freeze itself, even inside an object the caller froze", async (t) => {
  const store = new MemoryStore();
  const given = record();
  Object.freeze(given.phoneNumber);
  store.put(given);
  given.phoneNumber.Associations!.push({ Name: "SipRuleId", Value: "x" });
  (given.phoneNumber.Capabilities as Record<string, boolean>).InboundCall = false;
  t.strictSame(store.read("+1"), record());
});

t.test("a `__proto__` member is kept as a member, as JSON.parse left it, not turned into a prototype", async (t) => {
  const store = new MemoryStore();
  const given = record();
  (given.phoneNumber as Record<string, unknown>).Extra = JSON.parse('{"__proto__":{"polluted":true},"kept":1}');
  store.put(given);
  const extra = (store.read("+1")!.phoneNumber as Record<string, unknown>).Extra as Record<string, unknown>;
  t.equal(Object.getPrototypeOf(extra), Object.prototype);
  t.ok(Object.hasOwn(extra, "__proto__"));
  t.same(Object.getOwnPropertyDescriptor(extra, "__proto__")?.value, { polluted: true });
  t.equal((extra as { polluted?: unknown }).polluted, undefined);
  t.equal(JSON.stringify(extra), '{"__proto__":{"polluted":true},"kept":1}');
});

t.test(
  "putOwned keeps the handed-over record itself, frozen; parts it did not build are still copied or kept as put does",
  async (t) => {
    const store = new MemoryStore([record()]);
    const before = store.read("+1")!;
    const result = applyUpdate(before, { member: "Name", value: "Desk" }, Date.parse("2026-02-01T00:00:00.000Z"), 0);
    t.ok(result.ok);
    if (!result.ok) return;
    store.putOwned(result.record);
    const after = store.read("+1")!;
    t.equal(after, result.record, "no copy of the record");
    t.ok(Object.isFrozen(after) && Object.isFrozen(after.phoneNumber));
    t.equal(after.phoneNumber.Capabilities, before.phoneNumber.Capabilities, "the store's frozen parts are shared");

    const foreign = { Name: "VoiceConnectorId" as const, Value: "abc" };
    const given = record();
    given.phoneNumber.Associations = [foreign];
    store.putOwned(given);
    foreign.Value = "changed";
    t.equal(store.read("+1")!.phoneNumber.Associations![0]!.Value, "abc", "a part below the phoneNumber is copied");
    t.throws(() => {
      store.read("+1")!.phoneNumber.Associations!.push(foreign);
    }, TypeError);

    const frozenByCaller = record();
    const callersNumber = Object.freeze(frozenByCaller.phoneNumber);
    store.putOwned(frozenByCaller);
    (callersNumber.Capabilities as Record<string, boolean>).InboundCall = false;
    t.strictSame(store.read("+1"), record(), "an object the caller froze is copied, not completed in place");
  },
);
