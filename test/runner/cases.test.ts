import t from "tap";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  decidedRules,
  defaultCasesDir,
  defaultFixturesPath,
  loadContract,
  loadFixtures,
} from "../../src/contract/index.js";
import { requiredRules, writtenNumbers } from "../../src/cases/case.js";
import { CaseError, loadCases, parseCases } from "../../src/runner/case-loader.js";
import { pickNumbers, PickError } from "../../src/runner/picker.js";
import { coverageGaps, selectCases } from "../../src/runner/selection.js";

const cases = await loadCases(defaultCasesDir);
const fixtures = await loadFixtures(defaultFixturesPath, await loadContract());

t.test("the shipped cases cover every rule W1-W5, V1-V8, S1-S8 in a default run", async (t) => {
  t.same(coverageGaps(selectCases(cases)), []);
  t.equal(requiredRules.length, 21);
});

t.test("no two cases that update numbers share one, and no shared number is updated", async (t) => {
  const picks = pickNumbers(selectCases(cases), fixtures);
  const owner = new Map<string, string>();
  const readers = new Set<string>();
  for (const c of cases) {
    const written = writtenNumbers(c);
    for (const [key, picked] of picks.get(c.id) ?? []) {
      if (picked.kind !== "fixture") continue;
      const e164 = picked.fixture.E164PhoneNumber;
      if (written.has(key)) {
        t.notOk(owner.has(e164), `${c.id} and ${owner.get(e164)} both update ${e164}`);
        owner.set(e164, c.id);
      } else readers.add(e164);
    }
  }
  for (const e164 of readers)
    t.notOk(owner.has(e164), `${e164} is read by shared cases and updated by ${owner.get(e164)}`);
});

t.test("unknown numbers are not fixtures", async (t) => {
  const picks = pickNumbers(cases, fixtures);
  const known = new Set(fixtures.map((f) => f.E164PhoneNumber));
  for (const numbers of picks.values())
    for (const p of numbers.values()) if (p.kind === "unknown") t.notOk(known.has(p.e164));
});

t.test("a case whose own rule (its first) is [decided], wholly or in part, carries the tag decided", async (t) => {
  let tested = 0;
  for (const c of cases) {
    if (!decidedRules.includes(c.rules[0]!)) continue;
    t.ok(c.tags.includes("decided"), `${c.id} tests ${c.rules[0]}, one of ${decidedRules.join(", ")}`);
    tested++;
  }
  t.ok(tested > 0, `${tested} cases test a [decided] rule`);
});

t.test("a case no fixture can serve is a PickError", async (t) => {
  const [c] = await parseCases(
    "version: 1\ncases:\n  - id: x\n    title: t\n    rules: [S3]\n    numbers:\n      n: { country: US, type: TollFree, callingNameStatus: UpdateInProgress }\n    steps:\n      - request: { method: GET, number: n }\n        expect: { status: 200 }\n",
    "x.yaml",
  );
  t.throws(() => pickNumbers([c!], fixtures), PickError);
});

t.test("selection: optional groups only when named; --exclude-tags removes; --case by glob", async (t) => {
  const make = (id: string, tags: string[]) => ({ ...cases[0]!, id, tags });
  const all = [
    make("a", []),
    make("b", ["decided"]),
    make("c", ["s8", "decided"]),
    make("d", ["completion", "mutates"]),
  ];
  t.same(
    selectCases(all, ["decided"]).map((c) => c.id),
    ["b"],
    "a tag an optional case carries does not select it: only its group's name does",
  );
  t.same(
    selectCases(all, [], [], { completion: true }).map((c) => c.id),
    ["a", "b", "d"],
    "--calling-name-delay adds completion to the default selection",
  );
  t.same(
    selectCases(all, ["s8"], [], { completion: true }).map((c) => c.id),
    ["c", "d"],
  );
  t.same(
    selectCases(all, [], [], { caseIds: ["?"] }).map((c) => c.id),
    ["a", "b", "c", "d"],
  );
  t.same(
    selectCases(all, [], ["decided"], { caseIds: ["[bc]", "c*"] }).map((c) => c.id),
    [],
    "globs match whole ids, brackets literally; --exclude-tags still removes",
  );
  t.same(
    selectCases(all).map((c) => c.id),
    ["a", "b"],
  );
  t.same(
    selectCases(all, ["s8"]).map((c) => c.id),
    ["c"],
  );
  t.same(
    selectCases(all, [], ["decided"]).map((c) => c.id),
    ["a"],
  );
});

// [what, file text, the line the error names, a fragment of its message]
const invalid: Array<[string, string, number, RegExp]> = [
  ["YAML syntax", "version: 1\ncases:\n  - id: x\n    title: [unclosed\n", 5, /not valid YAML/],
  [
    "an unknown member",
    "version: 1\ncases:\n  - id: x\n    title: t\n    rules: [W1]\n    steps:\n      - request: { method: GET, label: a }\n        expect: { status: 200, colour: red }\n",
    8,
    /additional properties|must NOT have additional/,
  ],
  [
    "an unknown rule",
    "version: 1\ncases:\n  - id: x\n    title: t\n    rules: [W9]\n    steps:\n      - request: { method: GET, label: a }\n        expect: { status: 200 }\n",
    5,
    /rules\/0/,
  ],
  ["a wrong version", "version: 2\ncases: []\n", 1, /version|cases/],
  [
    "a number not described",
    "version: 1\ncases:\n  - id: x\n    title: t\n    rules: [W1]\n    steps:\n      - request: { method: GET, number: n }\n        expect: { status: 200 }\n",
    7,
    /number 'n'/,
  ],
  [
    "a shape of another status",
    "version: 1\ncases:\n  - id: x\n    title: t\n    rules: [W1]\n    steps:\n      - request: { method: GET, label: a }\n        expect: { status: 400, error: NotFoundException }\n",
    7,
    /NotFoundException/,
  ],
];
for (const [what, text, line, message] of invalid) {
  t.test(`an invalid case file is a CaseError with file and line: ${what}`, async (t) => {
    const error = await parseCases(text, "bad.yaml").then(
      () => undefined,
      (e: unknown) => e,
    );
    t.ok(error instanceof CaseError, "a CaseError");
    t.match(error, { file: "bad.yaml", line, message });
  });
}

t.test("duplicate case ids across files name both places", async (t) => {
  const dir = t.testdir();
  const text =
    "version: 1\ncases:\n  - id: same\n    title: t\n    rules: [W1]\n    steps:\n      - request: { method: GET, label: a }\n        expect: { status: 404 }\n";
  writeFileSync(join(dir, "a.yaml"), text);
  writeFileSync(join(dir, "b.yaml"), text);
  await t.rejects(loadCases(dir), /b\.yaml:3: case id 'same' is also used at .*a\.yaml:3/);
});
