// What a finding's message shows of a target's value: JSON as JSON.stringify writes it, cut at a limit, and
// written without recursion, so that a value of any depth or size is a short message, never a stack overflow.
import t from "tap";
import { shownJson, shownLimit } from "../../src/judge/shown.js";

const values: unknown[] = [
  "Front desk",
  'quote " backslash \\ line\nfeed \u0000 \ud800 lone',
  0,
  -1.5e-7,
  true,
  null,
  [],
  {},
  [1, "a", null, [2, [3]], { b: undefined, c: [undefined] }],
  { Name: "x", Capabilities: { InboundCall: true }, Associations: [{ Value: "v", Name: "n" }], Gone: undefined },
  { "": 1, "__proto__ ": 2, 'k"ey': { "[": "]" } },
];
for (const v of values) t.equal(shownJson(v), JSON.stringify(v), `as JSON.stringify: ${JSON.stringify(v)}`);
t.equal(shownJson(undefined), "undefined", "absent, as a template literal writes JSON.stringify(undefined)");

t.test("a long value is cut at the limit and says so", async (t) => {
  const long = "x".repeat(shownLimit * 4);
  t.equal(shownJson(long), `${JSON.stringify(long).slice(0, shownLimit)}…`);
  const wide = Array.from({ length: 10_000 }, (_, i) => i);
  t.equal(shownJson(wide, 20), `${JSON.stringify(wide).slice(0, 20)}…`);
  t.equal(shownJson([1, 2], 5), "[1,2]", "a value of exactly the limit is whole");
  t.equal(shownJson([1, 2], 4), "[1,2…");
});

t.test("100,000 levels are shown, cut, without overflowing the stack and without writing them all", async (t) => {
  // Past the levels a message shows, a level that says when it is read.
  let read = false;
  const tripwire = <T extends object>(value: T) =>
    new Proxy(value, {
      get: (target, key, receiver) => {
        read = true;
        return Reflect.get(target, key, receiver);
      },
      ownKeys: (target) => {
        read = true;
        return Reflect.ownKeys(target);
      },
    });
  let arrays: unknown = 1;
  let objects: unknown = 1;
  for (let i = 0; i < 100_000; i++) {
    arrays = i === 100_000 - shownLimit * 2 ? tripwire([arrays]) : [arrays];
    objects = i === 100_000 - 10 ? tripwire({ a: objects }) : { a: objects };
  }
  t.equal(shownJson(arrays), `${"[".repeat(shownLimit)}…`);
  t.equal(shownJson(objects, 12), '{"a":{"a":{"…');
  t.notOk(read, "the levels past the cut are never read");
});
