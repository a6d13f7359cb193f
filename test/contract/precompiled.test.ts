// The build step's precompiled contract (fast start-up, issue: cold start) must judge exactly as the contract
// compiled at load time: same verdicts and same errors on every validator, for the document's own examples,
// the fixtures, edge values of each member, and arbitrary JSON. It is used only for the very text it was
// built from, and the dereferenced document it rebuilds equals the OpenAPI parser's.
import t from "tap";
import fc from "fast-check";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import { dereference } from "@readme/openapi-parser";
import { compileContract } from "../../src/contract/compile.js";
import { dereferenceLocal } from "../../src/contract/dereference.js";
import {
  defaultFixturesPath,
  defaultSpecPath,
  loadDocument,
  requestDetails,
  type Contract,
  type ValidationOutcome,
  type Validator,
} from "../../src/contract/index.js";
import { precompiledModuleSource } from "../../src/contract/precompile.js";
import { loadPrecompiledContract } from "../../src/contract/precompiled.js";

const document = await loadDocument(defaultSpecPath);
const compiled = compileContract(document);

// The module as the build writes it, in a folder under the package (ajv's runtime helpers resolve from there).
const dir = t.testdir();
const moduleFile = join(dir, "precompiled-contract.js");
writeFileSync(moduleFile, await precompiledModuleSource(defaultSpecPath));
const precompiled = await loadPrecompiledContract(defaultSpecPath, pathToFileURL(moduleFile));

/** Every validator of a contract, by where it sits in the document. */
function validators(contract: Contract): Map<string, Validator> {
  const all = new Map<string, Validator>();
  for (const [id, op] of contract.operations) {
    all.set(`${id} label`, op.label);
    for (const [media, v] of op.requestBody?.content ?? []) all.set(`${id} request ${media}`, v);
    for (const [status, response] of op.responses) {
      for (const header of response.headers) all.set(`${id} ${status} header ${header.name}`, header.validate);
      for (const [media, v] of response.content) all.set(`${id} ${status} ${media}`, v);
    }
  }
  for (const name of Object.keys(contract.document.raw.components?.schemas ?? {}))
    all.set(`schema ${name}`, contract.schema(name));
  return all;
}

const verdict = (o: ValidationOutcome) => ({
  valid: o.valid,
  errors: o.errors.map(
    (e) => `${e.instancePath} ${e.schemaPath} ${e.keyword} ${JSON.stringify(e.params)} ${e.message}`,
  ),
});

const fixtures = JSON.parse(readFileSync(defaultFixturesPath, "utf8")) as Array<{ PhoneNumber?: unknown }>;
const phoneNumbers = fixtures.map((f) => (f && typeof f === "object" && "PhoneNumber" in f ? f.PhoneNumber : f));
const edgeStrings = [
  "",
  " ",
  "a",
  "ab",
  "a b",
  "a\tb",
  "a\u00a0b",
  "abc\n",
  "a".repeat(256),
  "a".repeat(257),
  "Abcdefghij 12345",
  "%2B12065550100",
  "+12065550100",
  "2024-01-01T00:00:00Z",
  "2024-01-01 00:00:00Z",
  "VoiceConnector",
  "voiceconnector",
  "US",
  "Local",
  "Café",
];
const corpus: unknown[] = [
  null,
  true,
  0,
  "x",
  [],
  {},
  ...phoneNumbers,
  ...phoneNumbers.map((p) => ({ PhoneNumber: p })),
  ...edgeStrings,
  ...[...requestDetails, "Code", "Message"].flatMap((member) =>
    [null, 1, false, ...edgeStrings].map((value) => ({ [member]: value })),
  ),
  { Name: "a", CallingName: "ab" },
  { Code: "NotFound", Message: "The phone number was not found." },
  { Code: "BadRequest", Message: "" },
  { PhoneNumber: { ...(phoneNumbers[0] as object), CreatedTimestamp: "2024-01-01 00:00:00Z", Unknown: 1 } },
];

t.test("the precompiled contract is used for the text it was built from, and judges as the compiled one", async (t) => {
  t.ok(precompiled, "loaded");
  if (!precompiled) return;
  t.equal(precompiled.origin, "precompiled");
  t.equal(compiled.origin, "compiled");
  const ours = validators(precompiled);
  const theirs = validators(compiled);
  t.same([...ours.keys()].sort(), [...theirs.keys()].sort(), "the same validators");
  t.ok(ours.size >= 30, `every schema of the document (${ours.size})`);
  let compared = 0;
  let rejected = 0;
  for (const [where, validate] of ours) {
    const reference = theirs.get(where)!;
    for (const value of corpus) {
      const a = verdict(validate(value));
      t.same(a, verdict(reference(value)), `${where}: ${JSON.stringify(value)?.slice(0, 60)}`, {
        diagnostic: !isDeepStrictEqual(a, verdict(reference(value))),
      });
      compared++;
      if (!a.valid) rejected++;
    }
  }
  t.ok(rejected > 0 && rejected < compared, `both verdicts occur (${rejected} of ${compared} rejected)`);
});

t.test("arbitrary JSON gets the same verdict from both, on every validator", async (t) => {
  if (!precompiled) return t.fail("no precompiled contract");
  const ours = validators(precompiled);
  const theirs = validators(compiled);
  const member = fc.constantFrom(
    ...requestDetails,
    "PhoneNumber",
    "PhoneNumberId",
    "E164PhoneNumber",
    "CreatedTimestamp",
    "Capabilities",
    "Code",
    "Message",
  );
  const value = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.dictionary(member, fc.oneof(fc.string(), fc.jsonValue({ maxDepth: 2 }), fc.dictionary(member, fc.string()))),
  );
  let runs = 0;
  fc.assert(
    fc.property(value, (v) => {
      runs++;
      for (const [where, validate] of ours) {
        if (!isDeepStrictEqual(verdict(validate(v)), verdict(theirs.get(where)!(v)))) return false;
      }
      return true;
    }),
    { numRuns: 300, seed: 20261128 },
  );
  t.equal(runs, 300);
});

t.test("another text of the document takes the full path: stale validators never judge", async (t) => {
  const edited = join(dir, "openapi.yaml");
  writeFileSync(edited, `${readFileSync(defaultSpecPath, "utf8")}\n# edited\n`);
  t.equal(await loadPrecompiledContract(edited, pathToFileURL(moduleFile)), undefined, "one more line: not used");
  t.equal(
    await loadPrecompiledContract(defaultSpecPath, pathToFileURL(join(dir, "absent.js"))),
    undefined,
    "no build output: not used",
  );
});

t.test("the local dereference equals the OpenAPI parser's, sharing one object per target", async (t) => {
  const raw = structuredClone(document.raw);
  const ours = dereferenceLocal(raw);
  t.ok(
    isDeepStrictEqual(ours, await dereference(structuredClone(raw))),
    "equal to @readme/openapi-parser's dereference",
  );
  t.same(raw, document.raw, "the input is left as it was");
  const paths = ours.paths!["/phone-numbers/{phoneNumberId}"]!;
  t.equal(paths.get!.responses!["404"], paths.post!.responses!["404"], "one shared object for a target reached twice");
});

t.test("dereferenceLocal: siblings of a $ref win, and what cannot be resolved is an error", async (t) => {
  const doc = {
    a: { type: "string", description: "target" },
    b: { $ref: "#/a", description: "beside" },
    c: { $ref: "#/a" },
  };
  const out = dereferenceLocal(doc);
  t.same(out.b, { type: "string", description: "beside" });
  t.equal(out.c, out.a);
  t.throws(() => dereferenceLocal({ a: { $ref: "other.yaml#/x" } }), /only local references/);
  t.throws(() => dereferenceLocal({ a: { $ref: "#/missing" } }), /points at nothing/);
  t.throws(() => dereferenceLocal({ a: { b: { $ref: "#/a" } } }), /refers to itself/);
});
