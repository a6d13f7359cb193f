// sameValue compares members the way the API means them (timestamps as instants), at any depth: it was built on
// util.isDeepStrictEqual and recursion, which overflow the stack at about 1,250 levels.
import t from "tap";
import { sameValue } from "../../src/judge/difference.js";

const arrays = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const objects = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
};
const mixed = (depth: number, leaf: unknown = 1): unknown => {
  let v = leaf;
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v, b: i };
  return v;
};

// [name, a, b, equal]
const table: Array<[string, unknown, unknown, boolean]> = [
  ["equal strings", "Front desk", "Front desk", true],
  ["different strings", "Front desk", "Back desk", false],
  ["one instant in two spellings", "2026-01-05T10:00:00.000Z", "2026-01-05T10:00:00Z", true],
  ["an instant in another zone", "2026-01-05T10:00:00Z", "2026-01-05T11:00:00+01:00", true],
  ["two instants", "2026-01-05T10:00:00Z", "2026-01-05T10:00:01Z", false],
  ["a timestamp the SDK refuses equals nothing else", "2026-01-05 10:00:00Z", "2026-01-05T10:00:00Z", false],
  ["numbers", 1, 1, true],
  ["0 and -0, as isDeepStrictEqual", 0, -0, false],
  ["a number and its string", 1, "1", false],
  ["null and absent", null, undefined, false],
  ["absent and absent", undefined, undefined, true],
  ["an array and an object", [], {}, false],
  ["arrays of another length", [1, 2], [1], false],
  ["arrays in another order", [1, 2], [2, 1], false],
  ["objects in another key order", { a: 1, b: [2] }, { b: [2], a: 1 }, true],
  ["an object with a member more", { a: 1 }, { a: 1, b: 2 }, false],
  ["a member undefined is not a member absent", { a: undefined }, {}, false],
  [
    "associations with their timestamps spelt otherwise",
    [{ Name: "VoiceConnectorId", AssociatedTimestamp: "2026-01-06T09:15:00.000Z" }],
    [{ AssociatedTimestamp: "2026-01-06T09:15:00Z", Name: "VoiceConnectorId" }],
    true,
  ],
];
for (const [name, a, b, want] of table) {
  t.equal(sameValue(a, b), want, name);
  t.equal(sameValue(b, a), want, `${name} (the other way round)`);
}

for (const [shape, build] of [
  ["arrays", arrays],
  ["objects", objects],
  ["arrays and objects", mixed],
] as const) {
  t.test(`100,000 levels of ${shape} compare, equal or not, without overflowing the stack`, async (t) => {
    t.equal(sameValue(build(100_000), build(100_000)), true, "equal");
    t.equal(sameValue(build(100_000, 1), build(100_000, 2)), false, "the deepest values differ");
    t.equal(sameValue(build(100_000), build(99_999)), false, "one level less");
    t.equal(
      sameValue(build(100_000, "2026-01-05T10:00:00.000Z"), build(100_000, "2026-01-05T10:00:00Z")),
      true,
      "the deepest values are one instant",
    );
  });
}
