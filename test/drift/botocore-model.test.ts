// The document against botocore's service-2.json, the model boto3 and the aws CLI load: read from the botocore
// installed here (python3 on PATH), from its file, compressed or not, whatever the file is called.
import t from "tap";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { defaultAllowlistPath } from "../../src/drift/index.js";
import {
  installedBotocoreFile,
  installedBotocoreModel,
  installedBotocoreVersion,
  ns,
  officialModel,
  officialModelPath,
  run,
  unexplainedLines,
  type BotocoreJson,
} from "./helpers.js";

const file = installedBotocoreFile();
const version = installedBotocoreVersion();

/** The differences botocore's model has with the document that the Smithy model of 2025-04-02 does not. */
const botocoreOnly = [
  `pattern ${ns}SensitiveNonEmptyString /components/schemas/SensitiveNonEmptyString/pattern`,
  `pattern ${ns}Alpha2CountryCode /components/schemas/Alpha2CountryCode/pattern`,
  `pattern ${ns}GuidString /components/schemas/GuidString/pattern`,
  `member-not-in-model ${ns}BadRequestException /components/schemas/BadRequestException/properties/Code`,
  `member-not-in-model ${ns}ConflictException /components/schemas/ConflictException/properties/Message`,
];

interface JsonReport {
  ok: boolean;
  model: string;
  source: string;
  modelVersion: string;
  botocore?: string;
  differences: { id: string; explained: boolean; rule?: string; model: unknown; message: string }[];
  stale: unknown[];
}

t.test("--model botocore: the installed botocore's model, found through python3; exit 0", async (t) => {
  const human = await run("drift", "--model", "botocore");
  t.equal(human.code, 0, human.out + human.err);
  t.equal(human.err, "");
  t.equal(human.out.split("\n")[0], `model: ${file} (botocore ${version}, API 2022-08-03)`);
  t.match(
    human.out,
    /^no unexplained drift: GetPhoneNumber, UpdatePhoneNumber: (\d+) difference\(s\), \1 explained by .*model-drift\.yaml, 0 unexplained, 0 stale allowlist entries$/m,
  );

  const report = JSON.parse((await run("drift", "--model", "botocore", "--reporter", "json")).out) as JsonReport;
  t.match(report, { ok: true, model: file, source: "botocore", modelVersion: "2022-08-03", botocore: version });
  t.same(report.stale, [], "no Smithy-only entry is stale against botocore's model");
  const ids = report.differences.map((d) => d.id);
  for (const id of botocoreOnly) t.ok(ids.includes(id), id);
  t.notOk(
    ids.some((id) => id.startsWith("label-name ")),
    "botocore spells the label {phoneNumberId}, as the document",
  );
  for (const d of report.differences) {
    t.ok(d.explained, d.id);
    t.match(d.rule, /^[WVS]\d$/, `${d.id} cites a DESIGN rule`);
  }
});

t.test("the file given by path, told by content: gzip-compressed, plain, under any name", async (t) => {
  const dir = t.testdir();
  const plain = join(dir, "service-2.json");
  writeFileSync(plain, gunzipSync(readFileSync(file)));
  const renamed = join(dir, "chime-model.txt");
  writeFileSync(renamed, readFileSync(file));
  const reference = JSON.parse((await run("drift", "--model", "botocore", "--reporter", "json")).out) as JsonReport;
  for (const path of [file, plain, renamed]) {
    const r = await run("drift", "--model", path, "--reporter", "json");
    t.equal(r.code, 0, path);
    const report = JSON.parse(r.out) as JsonReport;
    t.equal(report.source, "botocore", path);
    t.equal(report.botocore, undefined, "the botocore version is known only when botocore was asked");
    t.same(
      report.differences.map((d) => d.id),
      reference.differences.map((d) => d.id),
      `${path}: the same differences`,
    );
  }
});

/** botocore 1.43.50 (July 2026): `PhoneNumberArn` in `PhoneNumber`, `Validation` in the `ErrorCode` enum. */
function newerBotocore(): BotocoreJson {
  const model = installedBotocoreModel();
  model.shapes.PhoneNumber.members.PhoneNumberArn = {
    shape: "NonEmptyString",
    documentation: "<p>The phone number's ARN.</p>",
  };
  model.shapes.ErrorCode.enum.push("Validation");
  return model;
}

t.test("a newer botocore (PhoneNumberArn, ErrorCode Validation): the new member is unexplained, exit 1", async (t) => {
  const path = join(t.testdir(), "service-2.json.gz");
  writeFileSync(path, gzipSync(JSON.stringify(newerBotocore())));
  const r = await run("drift", "--model", path);
  t.equal(r.code, 1, r.out);
  t.equal(r.err, "");
  t.same(unexplainedLines(r.out), [
    `unexplained member-not-in-spec: ${ns}PhoneNumber$PhoneNumberArn /components/schemas/PhoneNumber/properties/PhoneNumberArn: the model has member "PhoneNumberArn" (NonEmptyString), the document does not [GetPhoneNumber output.PhoneNumber.PhoneNumberArn]`,
  ]);
  t.match(r.out, /^drift: GetPhoneNumber, UpdatePhoneNumber: .* 1 unexplained, 0 stale allowlist entries$/m);
  // botocore's error structures have no members (the allowlist says why), so no member of these two operations
  // has the ErrorCode enum there: a boto3 user never sees the body's Code, and the new value changes nothing
  // they get. Against the Smithy model, where each error's Code is of that enum, the same Validation breaks the
  // pins of the eight entries that explain it, which is how a reviewer sees it.
  const report = JSON.parse((await run("drift", "--model", path, "--reporter", "json")).out) as JsonReport;
  t.notOk(
    report.differences.some((d) => JSON.stringify(d.model).includes("Validation")),
    "no difference of botocore's model holds Validation",
  );
  const smithy = officialModel();
  smithy.shapes[`${ns}PhoneNumber`].members.PhoneNumberArn = { target: `${ns}NonEmptyString` };
  smithy.shapes[`${ns}ErrorCode`].members.Validation = {
    target: "smithy.api#Unit",
    traits: { "smithy.api#enumValue": "Validation" },
  };
  const smithyPath = join(t.testdir(), "model.json");
  writeFileSync(smithyPath, JSON.stringify(smithy));
  const s = await run("drift", "--model", smithyPath);
  t.equal(s.code, 1);
  const lines = unexplainedLines(s.out);
  t.ok(lines.some((l) => l.startsWith(`unexplained member-not-in-spec: ${ns}PhoneNumber$PhoneNumberArn `)));
  const validation = lines.filter((l) => l.startsWith(`unexplained enum: ${ns}ErrorCode `));
  t.equal(validation.length, 8, "one per error answer");
  for (const line of validation)
    t.match(line, /: only in the model: .*"Validation".* \(since allowlist entry \d+: model: added "Validation"\) /);
});

t.test("allowlist entries apply to the model of their source only, and go stale only there", async (t) => {
  const shipped = readFileSync(defaultAllowlistPath, "utf8");
  const swapped = shipped.replace(
    /( {2}- kind: label-name\n(?: {4}.*\n)*? {4}source: )smithy/g,
    (_, head: string) => `${head}botocore`,
  );
  t.not(swapped, shipped, "the label-name entries now say botocore");
  const allow = join(t.testdir(), "allow.yaml");
  writeFileSync(allow, swapped);
  const smithy = await run("drift", "--model", officialModelPath, "--allow", allow);
  t.equal(smithy.code, 1);
  t.equal(unexplainedLines(smithy.out).filter((l) => l.startsWith("unexplained label-name: ")).length, 2);
  t.notMatch(smithy.out, /^stale /m, "a botocore entry is not stale against the Smithy model");
  const botocore = await run("drift", "--model", file, "--allow", allow);
  t.equal(botocore.code, 1);
  t.same(unexplainedLines(botocore.out), []);
  t.equal((botocore.out.match(/^stale allowlist entry \d+: label-name /gm) ?? []).length, 2);
});
