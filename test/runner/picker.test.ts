// Picking numbers by description: a list of calling-name statuses (what a recording knows of a number it first saw
// given a calling name), and a case with many numbers (a recording) served wherever an assignment exists.
import t from "tap";
import type { ConformanceCase, NumberNeed } from "../../src/cases/case.js";
import type { Fixture } from "../../src/fixtures/fixtures.js";
import { describe, matches, pickWhatCan } from "../../src/runner/picker.js";

function fixture(n: number, extra: Partial<Fixture>): Fixture {
  const e164 = `+120655501${String(n).padStart(2, "0")}`;
  return { PhoneNumberId: encodeURIComponent(e164), E164PhoneNumber: e164, Country: "US", Type: "Local", ...extra };
}

/** One case: `updated` numbers are its own (an update answered 200), the others only read. */
function oneCase(needs: Record<string, NumberNeed>, updated: string[]): ConformanceCase {
  return {
    id: "recorded",
    title: "a recording",
    rules: ["S3"],
    tags: [],
    numbers: needs,
    steps: Object.keys(needs).map((key) =>
      updated.includes(key)
        ? { request: { method: "POST", number: key, json: { Name: "x" } }, expect: { status: 200 } }
        : { request: { method: "GET", number: key }, expect: { status: 200 } },
    ),
    source: { file: "recorded.yaml", line: 1 },
  };
}

const notPending: NumberNeed = { callingNameStatus: ["Unassigned", "UpdateFailed", "UpdateSucceeded"] };

t.test("a list of calling-name statuses fits any one of them", async (t) => {
  const table: Array<[string, Partial<Fixture>, boolean]> = [
    ["Unassigned", { CallingNameStatus: "Unassigned" }, true],
    ["UpdateSucceeded", { CallingNameStatus: "UpdateSucceeded" }, true],
    ["UpdateInProgress", { CallingNameStatus: "UpdateInProgress" }, false],
    ["no status at all", {}, false],
  ];
  for (const [name, extra, want] of table) t.equal(matches(notPending, fixture(0, extra)), want, name);
  t.equal(
    describe({ country: "US", ...notPending }),
    "country: US, callingNameStatus: Unassigned or UpdateFailed or UpdateSucceeded",
  );
});

t.test("numbers of its own leave each read-only description a number, where an assignment exists", async (t) => {
  // Three read-only needs of kind b make b numbers look the more demanded; a number of its own that could be any
  // number must still not take the one number of kind a that another read-only need has.
  const fixtures = [fixture(0, { Name: "a" }), fixture(1, {}), fixture(2, {})];
  const c = oneCase(
    {
      own: {},
      a: { name: "present" },
      b1: { name: "absent" },
      b2: { name: "absent" },
      b3: { name: "absent" },
    },
    ["own"],
  );
  const { picks, unserved } = pickWhatCan([c], fixtures);
  t.same(
    unserved.map((u) => u.message),
    [],
  );
  const picked = picks.get("recorded") ?? new Map();
  const e164 = (key: string) => {
    const p = picked.get(key);
    return p?.kind === "fixture" ? p.fixture.E164PhoneNumber : p?.e164;
  };
  t.equal(e164("a"), "+12065550100", "the one named number is left to the need only it serves");
  t.not(e164("own"), e164("a"));
  t.not(e164("own"), e164("b1"), "a number a case updates is its own");
});

t.test("where no assignment exists, the need no number serves is named", async (t) => {
  const fixtures = [
    fixture(0, { CallingNameStatus: "UpdateInProgress" }),
    fixture(1, { CallingNameStatus: "Unassigned" }),
  ];
  const c = oneCase({ first: notPending, second: notPending }, ["first", "second"]);
  const { unserved } = pickWhatCan([c], fixtures);
  t.same(
    unserved.map((u) => u.message),
    [
      "case 'recorded' (recorded.yaml:1) needs a number of its own for 'second' (callingNameStatus: Unassigned or UpdateFailed or UpdateSucceeded), and no fixture left can serve it (1 match, all taken)",
    ],
  );
});
