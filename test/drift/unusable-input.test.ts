// Input the drift check cannot use is exit 2 with one clear line, never a stack trace.
import t from "tap";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defaultSpecPath } from "../../src/contract/index.js";
import { officialModelPath, run } from "./helpers.js";

const cases: [string, string | undefined, RegExp][] = [
  ["an unreadable model", undefined, /cannot read the model .*missing\.json: ENOENT/],
  ["a file that is not JSON", "shapes: {}\n", /is not a Smithy JSON model: not JSON/],
  [
    "JSON that is not a Smithy model (an OpenAPI document)",
    JSON.stringify({ openapi: "3.1.0", paths: {} }),
    /is not a Smithy JSON model: no "smithy" version/,
  ],
  [
    "a Smithy file without shapes",
    JSON.stringify({ smithy: "2.0", metadata: {} }),
    /is not a Smithy JSON model: no "shapes" object/,
  ],
  [
    "a model of another service without these operations",
    JSON.stringify({
      smithy: "2.0",
      shapes: {
        "com.example.weather#GetForecast": {
          type: "operation",
          traits: { "smithy.api#http": { method: "GET", uri: "/forecast", code: 200 } },
        },
      },
    }),
    /lacks the operation\(s\) the document covers: GetPhoneNumber, UpdatePhoneNumber/,
  ],
];

for (const [name, content, message] of cases) {
  t.test(`${name}: exit 2, one line`, async (t) => {
    const dir = t.testdir();
    const file = join(dir, content === undefined ? "missing.json" : "model.json");
    if (content !== undefined) writeFileSync(file, content);
    for (const reporter of ["human", "json"]) {
      const r = await run("drift", "--model", file, "--reporter", reporter);
      t.equal(r.code, 2, reporter);
      t.equal(r.out, "", `${reporter}: nothing on stdout`);
      t.equal(r.err.trim().split("\n").length, 1, `${reporter}: one line`);
      t.match(r.err, message);
      t.notMatch(r.err, /\n\s+at /, "no stack trace");
    }
  });
}

t.test("an unreadable or invalid spec: exit 2, one line", async (t) => {
  const dir = t.testdir();
  const missing = await run("drift", "--model", officialModelPath, "--spec", join(dir, "nope.yaml"));
  t.equal(missing.code, 2);
  t.match(missing.err, /cannot read/);
  const invalid = join(dir, "invalid.yaml");
  writeFileSync(invalid, "openapi: 3.1.0\ninfo: {}\npaths: {}\n");
  const r = await run("drift", "--model", officialModelPath, "--spec", invalid);
  t.equal(r.code, 2);
  t.equal(r.err.trim().split("\n").length, 1);
});

t.test("the flags: --model is required, --reporter takes human or json", async (t) => {
  for (const argv of [["drift"], ["drift", "--model", officialModelPath, "--reporter", "tap"], ["drift", "--model"]]) {
    const r = await run(...argv);
    t.equal(r.code, 2, argv.join(" "));
    t.equal(r.err.trim().split("\n").length, 1);
  }
  const help = await run("drift", "--help");
  t.match(help.out, /--allow FILE\s+.*default: the package's spec\/model-drift\.yaml/);
  t.match(help.out, /--reporter NAME\s+.*default: human/);
});

t.test("a change on the document's side is found too (a property the model lacks, x-sensitive dropped)", async (t) => {
  const spec = readFileSync(defaultSpecPath, "utf8");
  const changed = spec
    .replace(
      '        OrderId:\n          $ref: "#/components/schemas/GuidString"\n',
      '        OrderId:\n          $ref: "#/components/schemas/GuidString"\n        Region:\n          type: string\n',
    )
    .replace(
      "      pattern: '^\\+?[1-9]\\d{1,14}$'\n      x-sensitive: true\n",
      () => "      pattern: '^\\+?[1-9]\\d{1,14}$'\n",
    );
  t.not(changed, spec);
  const file = join(t.testdir(), "openapi.yaml");
  writeFileSync(file, changed);
  const r = await run("drift", "--model", officialModelPath, "--spec", file);
  t.equal(r.code, 1, r.out);
  t.match(
    r.out,
    /^unexplained member-not-in-model: com\.amazonaws\.chimesdkvoice#PhoneNumber \/components\/schemas\/PhoneNumber\/properties\/Region: /m,
  );
  t.match(
    r.out,
    /^unexplained sensitive: com\.amazonaws\.chimesdkvoice#E164PhoneNumber \/components\/schemas\/E164PhoneNumber\/x-sensitive: /m,
  );
});
