// Regression: an answer nested a hundred thousand levels deep killed the runner: an uncaught "RangeError: Maximum
// call stack size exceeded" in JSON.stringify (describeDifference, showing what state_change and read_back found)
// ended the default suite after 16 s with exit 1, as if a check had failed, and no report written. Other walks over
// a target's JSON recursed too (util.isDeepStrictEqual comparing what a number held fails at some 1,250 levels,
// JSON.stringify at some 4,000; at 250 and 840 on a 200 KB stack), and every check parsed a 100,000-level answer
// again. Any depth, anywhere in an answer to a read or an update, 200 or 400, ends as findings in every report,
// the default suite run whole, on a small stack (--stack-size=200), where any recursive walk over a target's JSON
// fails.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import t, { type Test } from "tap";
import { loadContract } from "../../../src/contract/index.js";
import { packageRoot } from "../../../src/contract/paths.js";
import { parseUpdateRequest } from "../../../src/contract/update-request.js";
import { defaultMaxBodyBytes } from "../../../src/http/client.js";
import { maxJsonDepth } from "../../../src/judge/json-depth.js";
import { readReports } from "./reports.js";
import { reportPaths, startHostile } from "./target.js";

const contract = await loadContract();
const fixtures = JSON.parse(readFileSync(join(packageRoot, "conformance", "fixtures.json"), "utf8")) as Array<
  Record<string, unknown>
>;

/** JSON text nested `levels` deep: each shape opens and closes its levels around a 1. */
const shapes = {
  arrays: (levels: number) => `${"[".repeat(levels)}1${"]".repeat(levels)}`,
  objects: (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`,
  // An array holding an object holding an array ...: two levels in 6 bytes.
  mixed: (levels: number) => `${'[{"a":'.repeat(levels / 2)}1${"}]".repeat(levels / 2)}`,
};
type Shape = keyof typeof shapes;
const bytesPerLevel: Record<Shape, number> = { arrays: 2, objects: 6, mixed: 4 };

/** As deep as fits, up to `levels`, in what the runner reads of an answer, beside the largest fixture. */
const fitting = (shape: Shape, levels: number) =>
  Math.min(levels, Math.floor((defaultMaxBodyBytes - 1_000) / bytesPerLevel[shape] / 2) * 2);

/** `in`: where a read's PhoneNumber holds the deep value, its Name or a member the contract does not know. */
type Variant = { shape: Shape; levels: number; in?: "Name" | "Extra" };

/**
 * A target whose answers hold JSON of each variant in turn, in each place a walk could meet it: a read's
 * PhoneNumber holds it as its Name (a member the judge compares and shows) or as a member the contract does not
 * know (W2 lets it through: the number is read well, and learned), an accepted update's answer beside
 * PhoneNumber, a refused update's 400 error body beside Code and Message. Each text is built once.
 */
function deepTarget(variants: Variant[]) {
  const texts = new Map<string, string>();
  const deep = ({ shape, levels }: Variant, less: number) => {
    const key = `${shape}:${levels - less}`;
    if (!texts.has(key)) texts.set(key, shapes[shape](levels - less));
    return texts.get(key)!;
  };
  let n = 0;
  return startHostile((req, res, body) => {
    const variant = variants[n++ % variants.length]!;
    const label = decodeURIComponent(decodeURIComponent((req.url ?? "").slice("/phone-numbers/".length)));
    const fixture = fixtures.find((f) => f.E164PhoneNumber === label) ?? fixtures[0]!;
    const { Name: _name, ...rest } = fixture;
    const headers = { "content-type": "application/json", "x-amzn-requestid": `deep-${n}` };
    if (req.method !== "POST") {
      // {"PhoneNumber":{...,"Name":deep}}: the member is two levels down.
      const member = variant.in ?? "Name";
      const others = member === "Name" ? rest : fixture;
      res
        .writeHead(200, headers)
        .end(`{"PhoneNumber":${JSON.stringify(others).slice(0, -1)},"${member}":${deep(variant, 2)}}}`);
      return;
    }
    const verdict = parseUpdateRequest(
      req.headers["content-type"],
      Buffer.from(body),
      contract.requestValidator("UpdatePhoneNumber"),
    );
    if (verdict.ok)
      res.writeHead(200, headers).end(`{"PhoneNumber":${JSON.stringify(fixture)},"Deep":${deep(variant, 1)}}`);
    else
      res
        .writeHead(400, { ...headers, "x-amzn-errortype": "BadRequestException" })
        .end(`{"Code":"BadRequest","Message":${JSON.stringify(verdict.message)},"Deep":${deep(variant, 1)}}`);
  });
}

/**
 * The whole default suite runs, every check on every answer; these three meet each place the target puts its JSON:
 * a read, an update answered 200 and read back, and an update refused.
 */
const cases = ["W2-success-envelope", "S3-name-set-and-removed", "W3-bad-request-envelope"];

/** `chime-voice-contract test` as a user runs it, on a 200 KB stack: the built CLI, the human report on stdout. */
async function runBuilt(url: string, dir: string) {
  const paths = reportPaths(dir);
  const args = [
    "--stack-size=200",
    join(packageRoot, "dist", "src", "bin.js"),
    "test",
    "--target",
    url,
    "--timeout",
    "5s",
    ...(["json", "junit", "tap", "html"] as const).flatMap((name) => ["--reporter", `${name}:${paths[name]}`]),
    "--reporter",
    "human",
  ];
  const started = performance.now();
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  let err = "";
  child.stdout.on("data", (c: Buffer) => (out += String(c)));
  child.stderr.on("data", (c: Buffer) => (err += String(c)));
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  // The human report went to stdout; readReports reads it beside the others.
  writeFileSync(paths.human, out);
  return { code, out, err, seconds: (performance.now() - started) / 1000 };
}

type Reports = Awaited<ReturnType<typeof readReports>>;
type Findings = (id: string) => Reports["json"]["cases"][number]["findings"];

const scenarios: Array<{
  name: string;
  variants: Variant[];
  expect(t: Test, reports: Reports, findings: Findings): void;
}> = [
  {
    // Beyond what the judge parses: found by counting, never parsed. Deeper than fits is cut at the read limit.
    name: "100,000 and 1,000,000 levels of arrays, objects and both",
    variants: (["arrays", "objects", "mixed"] as const).flatMap((shape) => [
      { shape, levels: fitting(shape, 100_000) },
      { shape, levels: 1_000_000 },
    ]),
    expect(t, reports, findings) {
      for (const id of cases) t.equal(reports.json.cases.find((c) => c.id === id)?.outcome, "failed", `${id} failed`);
      const deeper = /nests \d+ levels deep|exceeds the read limit/;
      for (const id of cases)
        t.ok(
          findings(id).some((f) => deeper.test(f.message)),
          `${id}: a finding says how deep the answer nests, or that it is larger than the runner reads`,
        );
      const all = reports.json.cases.flatMap((c) => c.findings.map((f) => f.message)).join("\n");
      t.match(
        all,
        `the body nests 100000 levels deep, more than the aws CLI and boto3 can read (the judge reads JSON to ${maxJsonDepth} levels)`,
        "an answer nested too deep is found by counting, and the finding names its depth",
      );
      t.match(all, "exceeds the read limit", "answers larger than the runner reads are cut");
    },
  },
  {
    // The deepest the judge parses: here every walk over the parsed answer meets the whole depth.
    name: `${maxJsonDepth} levels of arrays, objects and both`,
    variants: (["arrays", "objects", "mixed"] as const).map((shape) => ({ shape, levels: maxJsonDepth })),
    expect(t, reports, findings) {
      for (const id of cases) t.equal(reports.json.cases.find((c) => c.id === id)?.outcome, "failed", `${id} failed`);
      // Parsed whole: the Name is judged (W4) and shown in messages, cut.
      t.ok(
        findings("W2-success-envelope").some((f) => f.rule === "W4" && /\/PhoneNumber\/Name/.test(f.message)),
        "the deep Name is judged against the document",
      );
      t.ok(
        reports.json.cases.some((c) => c.findings.some((f) => /(\[|\{"a":){50}.*…/.test(f.message))),
        "a message shows a deep value, cut",
      );
      t.notOk(
        findings("W3-bad-request-envelope").some((f) => f.check === "error_envelope"),
        "the 400's envelope is whole (Code and Message beside the deep member)",
      );
    },
  },
  {
    // Lawful reads: the number is learned with its deep member, compared and put back by every case after.
    name: `${maxJsonDepth} levels in a member of PhoneNumber the contract does not know`,
    variants: (["arrays", "objects", "mixed"] as const).map((shape) => ({ shape, levels: maxJsonDepth, in: "Extra" })),
    expect(t, reports, findings) {
      const outcome = (id: string) => reports.json.cases.find((c) => c.id === id)?.outcome;
      t.equal(outcome("W2-success-envelope"), "passed", "a read with a deep unknown member conforms (W2)");
      t.equal(outcome("S3-name-set-and-removed"), "failed", "updates the target does not apply are found (S3)");
      t.ok(
        findings("S3-name-set-and-removed").some((f) => f.rule === "S3"),
        "the update not applied is an S3 finding",
      );
    },
  },
];

for (const { name, variants, expect } of scenarios) {
  t.test(`${name}, on a 200 KB stack: findings in every report`, async (t) => {
    const target = await deepTarget(variants);
    t.teardown(() => target.close());
    const dir = t.testdir();
    const r = await runBuilt(target.url, dir);
    t.comment(`${r.seconds.toFixed(2)} s, ${target.requests.length} answers`);
    t.equal(r.code, 1, `exit 1: the target does not conform (${r.err.slice(-400)})`);
    t.notMatch(r.err, /internal error|RangeError|Maximum call stack/, "no crash");
    const reports = await readReports(dir);
    t.equal(reports.json.exitCode, 1);
    const byCase = new Map(reports.json.cases.map((c) => [c.id, c]));
    const findings: Findings = (id) => byCase.get(id)?.findings ?? [];
    const longest = Math.max(...reports.json.cases.flatMap((c) => c.findings.map((f) => f.message.length)));
    t.ok(longest < 4_000, `messages show values cut (the longest: ${longest} characters)`);
    expect(t, reports, findings);
    t.equal(reports.tap.count, reports.json.cases.length, "tap-parser sees every test point");
    const failed = reports.json.cases.filter((c) => c.outcome === "failed").length;
    t.equal(reports.tap.fail, failed);
    t.match(reports.junit, new RegExp(`<testsuites name="chime-voice-contract" tests="\\d+" failures="${failed}"`));
    t.match(reports.html, /<h1>Conformance of [^<]*: <span class="fail">FAIL<\/span><\/h1>/);
    t.match(r.out, /FAIL /, "the human report on stdout");
  });
}
