// The allowlist cannot rot: an entry that explains nothing is a finding; a bad entry is unusable input.
import t from "tap";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultAllowlistPath } from "../../src/drift/index.js";
import { ns, officialModel, officialModelPath, run } from "./helpers.js";

const shipped = readFileSync(defaultAllowlistPath, "utf8");

t.test("a stale allowlist entry is reported, with its number, and exits 1", async (t) => {
  const file = join(t.testdir(), "allow.yaml");
  const count = (shipped.match(/^ {2}- /gm) ?? []).length;
  writeFileSync(
    file,
    `${shipped}  - kind: pattern\n    shape: "${ns}CallingName"\n    pointer: /components/schemas/CallingName/pattern\n    rule: V4\n    reason: no longer true\n`,
  );
  const r = await run("drift", "--model", officialModelPath, "--allow", file);
  t.equal(r.code, 1);
  t.match(
    r.out,
    new RegExp(
      `^stale allowlist entry ${count + 1}: pattern ${ns}CallingName /components/schemas/CallingName/pattern: matches no difference \\(no longer true\\)$`,
      "m",
    ),
  );
  t.match(r.out, /0 unexplained, 1 stale allowlist entry$/m);
  const json = JSON.parse(
    (await run("drift", "--model", officialModelPath, "--allow", file, "--reporter", "json")).out,
  );
  t.same(
    json.stale.map((s: { entry: number }) => s.entry),
    [count + 1],
  );
  t.equal(json.ok, false);
});

t.test(
  "an entry pins the values: when the model's side changes, the entry goes stale and the change is unexplained",
  async (t) => {
    const model = officialModel();
    model.shapes[`${ns}Iso8601Timestamp`].traits["smithy.api#pattern"] = "^\\d{4}-\\d{2}-\\d{2}T.*$";
    const file = join(t.testdir(), "model.json");
    writeFileSync(file, JSON.stringify(model));
    const r = await run("drift", "--model", file);
    t.equal(r.code, 1);
    t.match(r.out, `unexplained pattern: ${ns}Iso8601Timestamp /components/schemas/Iso8601Timestamp/pattern: `);
    t.match(
      r.out,
      `stale allowlist entry 3: pattern ${ns}Iso8601Timestamp /components/schemas/Iso8601Timestamp/pattern: matches no difference`,
    );
  },
);

t.test("an entry may name a difference by id", async (t) => {
  const file = join(t.testdir(), "allow.yaml");
  const shortened = shipped.replace(
    / {2}- kind: label-name\n {4}shape: "com\.amazonaws\.chimesdkvoice#GetPhoneNumberRequest\$PhoneNumberId"\n {4}pointer: \/components\/parameters\/PhoneNumberId\/name\n/,
    `  - id: "label-name ${ns}GetPhoneNumberRequest$PhoneNumberId /components/parameters/PhoneNumberId/name"\n`,
  );
  t.not(shortened, shipped, "the entry was rewritten");
  writeFileSync(file, shortened);
  const r = await run("drift", "--model", officialModelPath, "--allow", file);
  t.equal(r.code, 0, r.out);
});

t.test("without an allowlist every deliberate difference is unexplained", async (t) => {
  const file = join(t.testdir(), "empty.yaml");
  writeFileSync(file, "differences: []\n");
  const r = await run("drift", "--model", officialModelPath, "--allow", file);
  t.equal(r.code, 1);
  const lines = r.out.split("\n").filter((l) => l.startsWith("unexplained "));
  t.ok(lines.length > 10, `${lines.length} unexplained`);
  t.ok(
    lines.some((l) =>
      l.startsWith(
        `unexplained label-name: ${ns}UpdatePhoneNumberRequest$PhoneNumberId /components/parameters/PhoneNumberId/name: `,
      ),
    ),
    "W1 label name case",
  );
  t.ok(
    lines.some((l) => l.startsWith(`unexplained nullable: ${ns}UpdatePhoneNumberRequest$CallingName `)),
    "V2 null",
  );
});

const badAllowlists: [string, string, RegExp][] = [
  [
    "an entry without a reason",
    "differences:\n  - kind: pattern\n    shape: x\n    pointer: /a\n",
    /entry 1: needs a "reason"/,
  ],
  [
    "an entry naming nothing",
    "differences:\n  - reason: why\n",
    /entry 1: needs an "id", or "kind", "shape" and "pointer"/,
  ],
  ["a misspelt key", "differences:\n  - id: a b c\n    reason: why\n    modle: x\n", /entry 1: unknown key\(s\) modle/],
  [
    "a source that is no kind of model",
    "differences:\n  - id: a b c\n    source: boto3\n    reason: why\n",
    /entry 1: source must be one of smithy, botocore, got "boto3"/,
  ],
  ["not YAML", "differences: [\n", /not YAML/],
  ["not a list", "differences: 3\n", /expected a mapping with a "differences" list/],
];
for (const [name, text, message] of badAllowlists) {
  t.test(`allowlist with ${name}: exit 2, one line`, async (t) => {
    const file = join(t.testdir(), "allow.yaml");
    writeFileSync(file, text);
    const r = await run("drift", "--model", officialModelPath, "--allow", file);
    t.equal(r.code, 2);
    t.equal(r.out, "");
    t.equal(r.err.trim().split("\n").length, 1);
    t.match(r.err, message);
  });
}
