// Copies of the official model changed one way each: every change is an unexplained difference (exit 1),
// printed with the model's shape id and the document's JSON pointer.
import t from "tap";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { ns, officialModel, run, unexplainedLines, type Model } from "./helpers.js";

const post = "/paths/~1phone-numbers~1{phoneNumberId}/post";
const get = "/paths/~1phone-numbers~1{phoneNumberId}/get";

interface Change {
  name: string;
  change: (m: Model) => void;
  /** Each expected line: `kind: shape pointer`. */
  want: string[];
}

const enumMember = (value: string) => ({ target: "smithy.api#Unit", traits: { "smithy.api#enumValue": value } });

const changes: Change[] = [
  {
    name: "V4: a pattern changed (CallingName up to 16 characters)",
    change: (m) => (m.shapes[`${ns}CallingName`].traits["smithy.api#pattern"] = "^$|^[a-zA-Z0-9 ]{2,16}$"),
    want: [
      `pattern: ${ns}CallingName /components/schemas/CallingName/pattern`,
      `pattern: ${ns}CallingName /components/schemas/UpdatePhoneNumberRequest/properties/CallingName/pattern`,
    ],
  },
  {
    name: "V5: the Name pattern changed: the allow-listed spelling no longer explains it",
    change: (m) => (m.shapes[`${ns}PhoneNumberName`].traits["smithy.api#pattern"] = "^$|^[a-zA-Z0-9\\,\\.\\_\\-]+$"),
    want: [
      `pattern: ${ns}PhoneNumberName /components/schemas/PhoneNumberName/pattern`,
      `pattern: ${ns}PhoneNumberName /components/schemas/UpdatePhoneNumberRequest/properties/Name/pattern`,
    ],
  },
  {
    name: "V5: a length bound changed (Name at most 255)",
    change: (m) => (m.shapes[`${ns}PhoneNumberName`].traits["smithy.api#length"] = { min: 0, max: 255 }),
    want: [
      `length: ${ns}PhoneNumberName /components/schemas/PhoneNumberName/maxLength`,
      `length: ${ns}PhoneNumberName /components/schemas/UpdatePhoneNumberRequest/properties/Name/maxLength`,
    ],
  },
  {
    name: "a new enum value (PhoneNumberStatus Suspended)",
    change: (m) => (m.shapes[`${ns}PhoneNumberStatus`].members.Suspended = enumMember("Suspended")),
    want: [`enum: ${ns}PhoneNumberStatus /components/schemas/PhoneNumberStatus/enum`],
  },
  {
    name: "V6: an enum value removed (ProductType SipMediaApplicationDialIn)",
    change: (m) => delete m.shapes[`${ns}PhoneNumberProductType`].members.SipMediaApplicationDialIn,
    want: [
      `enum: ${ns}PhoneNumberProductType /components/schemas/PhoneNumberProductType/enum`,
      `enum: ${ns}PhoneNumberProductType /components/schemas/UpdatePhoneNumberRequest/properties/ProductType/enum`,
    ],
  },
  {
    name: "a new member in the input",
    change: (m) => (m.shapes[`${ns}UpdatePhoneNumberRequest`].members.Description = { target: `${ns}String` }),
    want: [
      `member-not-in-spec: ${ns}UpdatePhoneNumberRequest$Description /components/schemas/UpdatePhoneNumberRequest/properties/Description`,
    ],
  },
  {
    name: "a new member in PhoneNumber (PhoneNumberArn, as newer SDKs carry)",
    change: (m) => (m.shapes[`${ns}PhoneNumber`].members.PhoneNumberArn = { target: `${ns}String` }),
    want: [
      `member-not-in-spec: ${ns}PhoneNumber$PhoneNumberArn /components/schemas/PhoneNumber/properties/PhoneNumberArn`,
    ],
  },
  {
    name: "a member removed from a nested structure (PhoneNumberAssociation Value)",
    change: (m) => delete m.shapes[`${ns}PhoneNumberAssociation`].members.Value,
    want: [
      `member-not-in-model: ${ns}PhoneNumberAssociation /components/schemas/PhoneNumberAssociation/properties/Value`,
    ],
  },
  {
    name: "a member made required (Name)",
    change: (m) => (m.shapes[`${ns}UpdatePhoneNumberRequest`].members.Name.traits = { "smithy.api#required": {} }),
    want: [`required: ${ns}UpdatePhoneNumberRequest$Name /components/schemas/UpdatePhoneNumberRequest/required`],
  },
  {
    name: "a member's target type changed (a capability becomes a string)",
    change: (m) => (m.shapes[`${ns}PhoneNumberCapabilities`].members.InboundSMS.target = `${ns}String`),
    want: [`type: ${ns}String /components/schemas/PhoneNumberCapabilities/properties/InboundSMS/type`],
  },
  {
    name: "W3: a new error on UpdatePhoneNumber (ResourceLimitExceededException)",
    change: (m) => m.shapes[`${ns}UpdatePhoneNumber`].errors.push({ target: `${ns}ResourceLimitExceededException` }),
    want: [`error-not-in-table: ${ns}ResourceLimitExceededException ${post}/responses`],
  },
  {
    name: "W3: an error of the table newly listed for GetPhoneNumber (ConflictException)",
    change: (m) => m.shapes[`${ns}GetPhoneNumber`].errors.push({ target: `${ns}ConflictException` }),
    want: [`error-not-in-spec: ${ns}ConflictException ${get}/responses/409`],
  },
  {
    name: "W3: an error dropped from UpdatePhoneNumber (ConflictException)",
    change: (m) =>
      (m.shapes[`${ns}UpdatePhoneNumber`].errors = m.shapes[`${ns}UpdatePhoneNumber`].errors.filter(
        (e: { target: string }) => !e.target.endsWith("#ConflictException"),
      )),
    want: [`error-not-in-model: ${ns}ConflictException ${post}/responses/409`],
  },
  {
    name: "W3: a changed httpError (NotFoundException 410)",
    change: (m) => (m.shapes[`${ns}NotFoundException`].traits["smithy.api#httpError"] = 410),
    want: [
      `error-status: ${ns}NotFoundException ${post}/responses/404`,
      `error-status: ${ns}NotFoundException ${get}/responses/404`,
      `error-table: ${ns}NotFoundException (error table)`,
    ],
  },
  {
    name: "W3: an error structure gains a member",
    change: (m) => (m.shapes[`${ns}ThrottledClientException`].members.RetryAfterSeconds = { target: `${ns}String` }),
    want: [
      `member-not-in-spec: ${ns}ThrottledClientException$RetryAfterSeconds /components/schemas/ThrottledClientException/properties/RetryAfterSeconds`,
    ],
  },
  {
    name: "a changed path",
    change: (m) =>
      (m.shapes[`${ns}UpdatePhoneNumber`].traits["smithy.api#http"].uri = "/phone-numbers/{PhoneNumberId}/details"),
    want: [`http-uri: ${ns}UpdatePhoneNumber /paths/~1phone-numbers~1{phoneNumberId}`],
  },
  {
    name: "a changed method",
    change: (m) => (m.shapes[`${ns}UpdatePhoneNumber`].traits["smithy.api#http"].method = "PUT"),
    want: [`http-method: ${ns}UpdatePhoneNumber ${post}`],
  },
  {
    name: "W2: a changed success code",
    change: (m) => (m.shapes[`${ns}GetPhoneNumber`].traits["smithy.api#http"].code = 202),
    want: [`http-code: ${ns}GetPhoneNumber ${get}/responses`],
  },
  {
    name: "sensitive removed (CallingName)",
    change: (m) => delete m.shapes[`${ns}CallingName`].traits["smithy.api#sensitive"],
    want: [
      `sensitive: ${ns}CallingName /components/schemas/CallingName/x-sensitive`,
      `sensitive: ${ns}CallingName /components/schemas/UpdatePhoneNumberRequest/properties/CallingName/x-sensitive`,
    ],
  },
  {
    name: "a new httpHeader member in the input",
    change: (m) =>
      (m.shapes[`${ns}UpdatePhoneNumberRequest`].members.ClientToken = {
        target: `${ns}String`,
        traits: { "smithy.api#httpHeader": "X-Amz-Client-Token" },
      }),
    want: [`binding-not-in-spec: ${ns}UpdatePhoneNumberRequest$ClientToken ${post}/parameters`],
  },
  {
    name: "a new httpQuery member in the input",
    change: (m) =>
      (m.shapes[`${ns}GetPhoneNumberRequest`].members.Verbose = {
        target: `${ns}String`,
        traits: { "smithy.api#httpQuery": "verbose" },
      }),
    want: [`binding-not-in-spec: ${ns}GetPhoneNumberRequest$Verbose ${get}/parameters`],
  },
  {
    name: "jsonName added (OrderId sent as orderId)",
    change: (m) => (m.shapes[`${ns}PhoneNumber`].members.OrderId.traits = { "smithy.api#jsonName": "orderId" }),
    want: [`json-name: ${ns}PhoneNumber$OrderId /components/schemas/PhoneNumber/properties/OrderId`],
  },
  {
    name: "W2: a timestamp format changed (epoch-seconds)",
    change: (m) => (m.shapes[`${ns}Iso8601Timestamp`].traits["smithy.api#timestampFormat"] = "epoch-seconds"),
    want: [`timestamp-format: ${ns}Iso8601Timestamp /components/schemas/Iso8601Timestamp/format`],
  },
  {
    name: "W1: the label's pattern changed",
    change: (m) => (m.shapes[`${ns}SensitiveNonEmptyString`].traits["smithy.api#pattern"] = "^\\S+$"),
    want: [`pattern: ${ns}SensitiveNonEmptyString /components/schemas/SensitiveNonEmptyString/pattern`],
  },
  {
    name: "W1: the label made optional",
    change: (m) =>
      (m.shapes[`${ns}GetPhoneNumberRequest`].members.PhoneNumberId.traits = { "smithy.api#httpLabel": {} }),
    want: [`required: ${ns}GetPhoneNumberRequest$PhoneNumberId /components/parameters/PhoneNumberId/required`],
  },
  {
    name: "a nested list's member changes target (Associations of strings)",
    change: (m) => (m.shapes[`${ns}PhoneNumberAssociationList`].member.target = `${ns}String`),
    want: [`type: ${ns}String /components/schemas/PhoneNumberAssociation/type`],
  },
];

for (const { name, change, want } of changes) {
  t.test(name, async (t) => {
    const model = officialModel();
    change(model);
    const file = join(t.testdir(), "model.json");
    writeFileSync(file, JSON.stringify(model));
    const r = await run("drift", "--model", file);
    t.equal(r.code, 1, "exit 1");
    t.equal(r.err, "", "nothing on stderr");
    const lines = unexplainedLines(r.out);
    for (const w of want) {
      const named = lines.some((l) => l.startsWith(`unexplained ${w}: `));
      t.ok(named, `names ${w}`);
      if (!named) t.comment(r.out);
    }
    t.ok(
      lines.every((l) => l.includes(ns)),
      "every finding names a model shape id",
    );
  });
}

t.test("json reporter: the finding as data, with the model's and the document's values", async (t) => {
  const model = officialModel();
  model.shapes[`${ns}PhoneNumberName`].traits["smithy.api#length"] = { min: 1, max: 256 };
  const file = join(t.testdir(), "model.json");
  writeFileSync(file, JSON.stringify(model));
  const r = await run("drift", "--model", file, "--reporter", "json");
  t.equal(r.code, 1);
  const report = JSON.parse(r.out);
  t.equal(report.ok, false);
  const found = report.differences.filter((d: { explained: boolean }) => !d.explained);
  t.same(found.map((d: { pointer: string }) => d.pointer).sort(), [
    "/components/schemas/PhoneNumberName/minLength",
    "/components/schemas/UpdatePhoneNumberRequest/properties/Name/minLength",
  ]);
  t.match(found[0], {
    kind: "length",
    shape: `${ns}PhoneNumberName`,
    model: { min: 1, max: 256 },
    spec: { min: 0, max: 256 },
  });
});

t.test("documentation and the model's other operations are not compared: exit 0", async (t) => {
  const model = officialModel();
  model.shapes[`${ns}UpdatePhoneNumber`].traits["smithy.api#documentation"] = "<p>Reworded.</p>";
  model.shapes[`${ns}PhoneNumber`].members.Name.traits = { "smithy.api#documentation": "<p>The name.</p>" };
  delete model.shapes[`${ns}DeletePhoneNumber`];
  model.shapes[`${ns}ListPhoneNumbers`].traits["smithy.api#http"].method = "POST";
  const file = join(t.testdir(), "model.json");
  writeFileSync(file, JSON.stringify(model));
  const r = await run("drift", "--model", file);
  t.equal(r.code, 0, r.out);
});

t.test("errors bound to the service apply to every operation", async (t) => {
  const model = officialModel();
  model.shapes[`${ns}ChimeSDKTelephonyService`].errors = [{ target: `${ns}AccessDeniedException` }];
  const file = join(t.testdir(), "model.json");
  writeFileSync(file, JSON.stringify(model));
  const r = await run("drift", "--model", file);
  t.equal(r.code, 1);
  t.match(r.out, `unexplained error-not-in-table: ${ns}AccessDeniedException ${get}/responses: `);
  t.match(r.out, `unexplained error-not-in-table: ${ns}AccessDeniedException ${post}/responses: `);
});
