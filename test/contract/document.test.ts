import t from "tap";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { defaultSpecPath, DocumentError, loadContract, loadDocument } from "../../src/contract/index.js";
import { lintDocument } from "../../src/contract/lint.js";

const specText = readFileSync(defaultSpecPath, "utf8");

t.test("the document is valid OpenAPI 3.1 and every example validates against its schema", async (t) => {
  const result = await lintDocument(defaultSpecPath);
  t.same(result.problems, []);
  t.equal(result.fatal, undefined);
  t.equal(result.file, defaultSpecPath);
});

t.test("the document is parsed and compiled once per file", async (t) => {
  t.equal(await loadContract(), await loadContract());
});

t.test("operations, methods and the path as the model binds them", async (t) => {
  const contract = await loadContract();
  const update = contract.operation("UpdatePhoneNumber");
  const get = contract.operation("GetPhoneNumber");
  t.equal(update.method, "POST");
  t.equal(get.method, "GET");
  t.equal(update.pathTemplate, "/phone-numbers/{phoneNumberId}");
  t.equal(get.pathTemplate, update.pathTemplate);
  t.equal(update.labelName, "phoneNumberId");
  t.ok(
    contract.responseValidator("GetPhoneNumber", 200, "application/json; charset=utf-8"),
    "charset is a parameter of the same media type",
  );
  t.equal(contract.responseValidator("GetPhoneNumber", 409), undefined, "GetPhoneNumber has no 409");
});

t.test("members the model marks sensitive carry x-sensitive", async (t) => {
  const { components } = (await loadContract()).document.raw;
  const schemas = components!.schemas as Record<string, Record<string, unknown>>;
  const request = schemas.UpdatePhoneNumberRequest!.properties as Record<string, Record<string, unknown>>;
  t.equal(request.CallingName!["x-sensitive"], true);
  t.equal(request.Name!["x-sensitive"], true);
  t.equal(request.ProductType!["x-sensitive"], undefined);
  for (const name of ["SensitiveNonEmptyString", "E164PhoneNumber", "CallingName", "PhoneNumberName"]) {
    t.equal(schemas[name]!["x-sensitive"], true, name);
  }
});

t.test("an invalid document fails loudly at load with the path of the problem", async (t) => {
  const dir = t.testdir();
  const misspelt = join(dir, "misspelt.yaml");
  await writeFile(
    misspelt,
    specText.replace("maxLength: 256\n          pattern: '^$|", "maxLenght: 256\n          pattern: '^$|"),
  );
  const error = await loadContract(misspelt).catch((e: unknown) => e);
  t.ok(error instanceof DocumentError, "a DocumentError");
  t.equal((error as DocumentError).kind, "invalid");
  t.match(
    (error as DocumentError).problems[0]!.pointer,
    /^\/paths\/~1phone-numbers~1\{phoneNumberId\}\/post\/requestBody/,
  );
  t.match((error as DocumentError).message, /maxLenght/);

  const badExample = join(dir, "example.yaml");
  await writeFile(
    badExample,
    specText.replace("Name: Front desk\n            callingName", 'Name: "Front\\u00a0desk"\n            callingName'),
  );
  const lint = await lintDocument(badExample);
  t.equal(lint.fatal, undefined);
  t.equal(lint.problems.length, 1);
  t.match(
    lint.problems[0]!.pointer,
    /^\/components\/requestBodies\/UpdatePhoneNumber\/content\/application~1json\/examples\/name\/value/,
  );
  t.type(lint.problems[0]!.line, "number");

  const notOpenApi = join(dir, "not-openapi.yaml");
  await writeFile(notOpenApi, "openapi: 3.1.0\ninfo: {}\npaths: {}\n");
  const structural = await lintDocument(notOpenApi);
  t.equal(structural.fatal, undefined);
  t.ok(structural.problems.length > 0, "structural problems are findings");
});

t.test("an unreadable or unparsable document is unusable input", async (t) => {
  const dir = t.testdir({ "broken.yaml": "openapi: [3.1\n  : :" });
  t.equal((await lintDocument(join(dir, "missing.yaml"))).fatal, "unreadable");
  t.equal((await lintDocument(join(dir, "broken.yaml"))).fatal, "unparsable");
  const error = await loadDocument(join(dir, "broken.yaml")).catch((e: unknown) => e);
  t.equal((error as DocumentError).kind, "unparsable");
});
