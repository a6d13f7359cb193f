// The current document against the official model: every difference is one DESIGN decides, and is listed.
import t from "tap";
import { existsSync } from "node:fs";
import { officialModelPath, run } from "./helpers.js";

t.test("the official model is where CI has it (../shared/aws-models/)", async (t) => {
  t.ok(existsSync(officialModelPath), officialModelPath);
});

t.test("spec/openapi.yaml vs the official model: exit 0, no unexplained difference, no stale entry", async (t) => {
  const r = await run("drift", "--model", officialModelPath);
  t.equal(r.code, 0, r.out);
  t.equal(r.err, "");
  t.notMatch(r.out, /^unexplained |^stale /m);
  t.match(
    r.out,
    /^no unexplained drift: GetPhoneNumber, UpdatePhoneNumber: (\d+) difference\(s\), \1 explained by .*model-drift\.yaml, 0 unexplained, 0 stale allowlist entries$/m,
  );
});

t.test("json reporter: the documented structure, every difference explained with its rule and reason", async (t) => {
  const r = await run("drift", "--model", officialModelPath, "--reporter", "json");
  t.equal(r.code, 0);
  const report = JSON.parse(r.out);
  t.equal(report.ok, true);
  t.same(report.operations, ["GetPhoneNumber", "UpdatePhoneNumber"]);
  t.equal(report.summary.unexplained, 0);
  t.equal(report.summary.stale, 0);
  t.equal(report.summary.differences, report.differences.length);
  for (const d of report.differences) {
    t.ok(d.explained, d.id);
    t.match(d.rule, /^[WVS]\d$/, `${d.id} cites a DESIGN rule`);
    t.match(d.id, `${d.kind} ${d.shape} ${d.pointer}`);
  }
  // The deliberate differences the contract names: V5, W1, V2, V3, W2, W3.
  const ids = report.differences.map((d: { id: string }) => d.id);
  for (const expected of [
    "pattern com.amazonaws.chimesdkvoice#PhoneNumberName /components/schemas/PhoneNumberName/pattern",
    "label-name com.amazonaws.chimesdkvoice#UpdatePhoneNumberRequest$PhoneNumberId /components/parameters/PhoneNumberId/name",
    "pattern com.amazonaws.chimesdkvoice#SensitiveNonEmptyString /components/schemas/SensitiveNonEmptyString/pattern",
    "nullable com.amazonaws.chimesdkvoice#UpdatePhoneNumberRequest$Name /components/schemas/UpdatePhoneNumberRequest/properties/Name/type",
    "spec-keyword com.amazonaws.chimesdkvoice#UpdatePhoneNumberRequest /components/schemas/UpdatePhoneNumberRequest/oneOf",
    "pattern com.amazonaws.chimesdkvoice#Iso8601Timestamp /components/schemas/Iso8601Timestamp/pattern",
    "enum com.amazonaws.chimesdkvoice#ErrorCode /components/schemas/BadRequestException/properties/Code/const",
    "length com.amazonaws.chimesdkvoice#String /components/schemas/ErrorMessage/minLength",
  ]) {
    t.ok(ids.includes(expected), expected);
  }
});
