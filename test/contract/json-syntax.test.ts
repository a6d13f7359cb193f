import t from "tap";
import { jsonSyntaxErrorOffset } from "../../src/contract/json-syntax.js";

// [given, the offset of the first error or undefined]; every valid input must also satisfy JSON.parse.
const table: Array<[string, number | undefined]> = [
  ['{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]}', undefined],
  ["  []  ", undefined],
  ["{}", undefined],
  ['{"a": ,}', 6],
  ["[1,]", 3],
  ["[1 2]", 3],
  ['{"a" 1}', 5],
  ["{a: 1}", 1],
  ['"\\x"', 2],
  ['"\\u12G4"', 2],
  ['"open', 5],
  ["01", 1],
  ["-", 0],
  ["tru", 0],
  ["[] []", 3],
  ['"a\tb"', 2],
  ["", 0],
];
for (const [given, want] of table) {
  t.equal(jsonSyntaxErrorOffset(given), want, JSON.stringify(given));
  let parses = true;
  try {
    JSON.parse(given);
  } catch {
    parses = false;
  }
  t.equal(parses, want === undefined, `${JSON.stringify(given)} agrees with JSON.parse`);
}
