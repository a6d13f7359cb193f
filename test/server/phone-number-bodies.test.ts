// GetPhoneNumber's body is serialized once per version of a number, and is always exactly JSON.stringify's bytes.
import t from "tap";
import { MemoryStore } from "../../src/server/memory-store.js";
import { phoneNumberBodies } from "../../src/server/phone-number-bodies.js";
import type { Store, StoredNumber } from "../../src/server/store.js";

const record = (Name: string): StoredNumber => ({
  phoneNumber: {
    PhoneNumberId: "%2B1",
    E164PhoneNumber: "+1",
    Name,
    Capabilities: { InboundCall: true },
    // Unknown members and nulls go out exactly as stored (V2 is about requests; answers are never trimmed).
    ...({ FutureMember: { nested: [1, null] }, Nothing: null } as object),
  },
});

t.test("one version, one serialization: the same bytes until a new version is stored", async (t) => {
  const store = new MemoryStore([record("first")]);
  const bodyOf = phoneNumberBodies(store);
  const v1 = store.read!("+1")!;
  const body = bodyOf(v1);
  t.equal(bodyOf(v1), body, "the same Buffer for the same version");
  t.equal(body.toString("utf8"), JSON.stringify({ PhoneNumber: v1.phoneNumber }));
  t.match(body.toString("utf8"), /"FutureMember":\{"nested":\[1,null\]\},"Nothing":null/);

  store.put(record("second"));
  const v2 = store.read!("+1")!;
  t.not(v2, v1);
  t.equal(JSON.parse(bodyOf(v2).toString("utf8")).PhoneNumber.Name, "second", "a new version gets its own body");
  t.equal(JSON.parse(bodyOf(v1).toString("utf8")).PhoneNumber.Name, "first", "an old version keeps its own");
});

t.test(
  "a store without a frozen view: each read is serialized afresh (its objects may be changed by their holder)",
  async (t) => {
    const inner = new MemoryStore([record("first")]);
    const store: Store = {
      get: (n) => inner.get(n),
      put: (r) => inner.put(r),
      list: () => inner.list(),
      reset: (r) => inner.reset(r),
    };
    const bodyOf = phoneNumberBodies(store);
    const got = store.get("+1")!;
    const before = bodyOf(got);
    got.phoneNumber.Name = "changed by its holder";
    t.not(bodyOf(got), before);
    t.equal(JSON.parse(bodyOf(got).toString("utf8")).PhoneNumber.Name, "changed by its holder");
  },
);
