import t from "tap";
import { join } from "node:path";
import {
  defaultFixturesPath,
  FixtureError,
  loadContract,
  loadFixtures,
  parseFixtures,
} from "../../src/contract/index.js";

const contract = await loadContract();

t.test("the shipped fixtures validate and cover what the cases need", async (t) => {
  const fixtures = await loadFixtures(defaultFixturesPath, contract);
  const usLocal = fixtures.filter(
    (f) => f.Country === "US" && f.Type === "Local" && f.CallingNameStatus !== "UpdateInProgress",
  );
  t.ok(usLocal.length >= 2, "two US local numbers with no calling name pending");
  t.ok(
    fixtures.some((f) => f.Type === "TollFree" && f.Country === "US"),
    "a US toll-free number",
  );
  t.ok(
    fixtures.some((f) => f.Country === "GB"),
    "a non-US number",
  );
  t.ok(
    fixtures.some((f) => f.CallingNameStatus === "UpdateInProgress"),
    "a pending calling name",
  );
  t.ok(
    fixtures.some((f) => f.CallingNameStatus === "UpdateSucceeded" && f.CallingName),
    "a settled calling name",
  );
  t.ok(
    fixtures.some((f) => (f.Associations ?? []).length > 0),
    "associations",
  );
  for (const f of fixtures) {
    t.equal(decodeURIComponent(f.PhoneNumberId), f.E164PhoneNumber, `${f.PhoneNumberId} decodes to its number`);
    t.match(f.E164PhoneNumber, /^\+1\d{3}55501\d\d$|^\+44207946\d{4}$/, "fictional ranges only");
  }
});

const good = { PhoneNumberId: "%2B12065550199", E164PhoneNumber: "+12065550199", Country: "US" };

t.test("a bad fixtures file is named with its line", async (t) => {
  const bad: Array<[string, string, RegExp, number | undefined]> = [
    ["not JSON", '[\n  {\n    "a": ,\n  }\n]', /not valid JSON/, 3],
    ["not an array", "{}", /JSON array/, 1],
    [
      "schema",
      JSON.stringify(
        [good, { ...good, PhoneNumberId: "%2B12065550198", E164PhoneNumber: "+12065550198", Country: "usa" }],
        null,
        2,
      ),
      /\[1\]\/Country must match pattern/,
      7,
    ],
    ["id mismatch", JSON.stringify([{ ...good, PhoneNumberId: "%2B12065550198" }]), /decodes to '\+12065550198'/, 1],
    ["duplicate", JSON.stringify([good, good], null, 2), /\[1\] repeats/, 7],
    ["bad encoding", JSON.stringify([{ ...good, PhoneNumberId: "%E0%A4%A" }]), /percent-encoding/, 1],
  ];
  for (const [name, text, message, line] of bad) {
    const error = (() => {
      try {
        parseFixtures(text, "f.json", contract);
      } catch (e) {
        return e;
      }
    })();
    t.ok(error instanceof FixtureError, name);
    t.match((error as FixtureError).detail, message, name);
    t.equal((error as FixtureError).line, line, `${name}: line`);
  }
  await t.rejects(loadFixtures(join(t.testdir(), "none.json"), contract), /none\.json: cannot read: ENOENT/);
});
