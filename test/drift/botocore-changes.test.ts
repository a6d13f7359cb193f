// Copies of the installed botocore's service-2.json changed one way each: every botocore key the comparison reads
// (pattern, min/max, enum, required, location/locationName, timestampFormat, sensitive, error, http) is read as
// the Smithy trait it stands for, so that each change is the same unexplained difference it is in a Smithy model.
import t from "tap";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { installedBotocoreModel, ns, run, unexplainedLines, type BotocoreJson } from "./helpers.js";

const post = "/paths/~1phone-numbers~1{phoneNumberId}/post";
const get = "/paths/~1phone-numbers~1{phoneNumberId}/get";

interface Change {
  name: string;
  change: (m: BotocoreJson) => void;
  /** Each expected line: `kind: shape pointer: message`, up to the message's end or a prefix of it. */
  want: string[];
}

const changes: Change[] = [
  {
    name: "pattern: CallingName up to 16 characters",
    change: (m) => (m.shapes.CallingName.pattern = "^$|^[a-zA-Z0-9 ]{2,16}$"),
    want: [`pattern: ${ns}CallingName /components/schemas/CallingName/pattern: model "^$|^[a-zA-Z0-9 ]{2,16}$"`],
  },
  {
    name: "max: Name at most 255 (a string's min/max are its length)",
    change: (m) => (m.shapes.PhoneNumberName.max = 255),
    want: [`length: ${ns}PhoneNumberName /components/schemas/PhoneNumberName/maxLength: model min 0, max 255`],
  },
  {
    name: "enum: a ProductType value removed",
    change: (m) => (m.shapes.PhoneNumberProductType.enum = ["VoiceConnector"]),
    want: [
      `enum: ${ns}PhoneNumberProductType /components/schemas/PhoneNumberProductType/enum: only in the document: "SipMediaApplicationDialIn"`,
    ],
  },
  {
    name: "required: Name listed in the input's required",
    change: (m) => m.shapes.UpdatePhoneNumberRequest.required.push("Name"),
    want: [
      `required: ${ns}UpdatePhoneNumberRequest$Name /components/schemas/UpdatePhoneNumberRequest/required: model required, spec optional`,
    ],
  },
  {
    name: "shape: a capability becomes a string",
    change: (m) => (m.shapes.PhoneNumberCapabilities.members.InboundSMS.shape = "String"),
    want: [
      `type: ${ns}String /components/schemas/PhoneNumberCapabilities/properties/InboundSMS/type: model "string (string)", spec "boolean"`,
    ],
  },
  {
    name: "location header: a new header member in the input",
    change: (m) =>
      (m.shapes.UpdatePhoneNumberRequest.members.ClientToken = {
        shape: "String",
        location: "header",
        locationName: "X-Amz-Client-Token",
      }),
    want: [
      `binding-not-in-spec: ${ns}UpdatePhoneNumberRequest$ClientToken ${post}/parameters: the model binds ClientToken to header "X-Amz-Client-Token"`,
    ],
  },
  {
    name: "location querystring: a new query member in the input",
    change: (m) =>
      (m.shapes.GetPhoneNumberRequest.members.Verbose = {
        shape: "String",
        location: "querystring",
        locationName: "verbose",
      }),
    want: [
      `binding-not-in-spec: ${ns}GetPhoneNumberRequest$Verbose ${get}/parameters: the model binds Verbose to query "verbose"`,
    ],
  },
  {
    name: "location uri: the label renamed in the URI (its locationName)",
    change: (m) => {
      m.operations.GetPhoneNumber.http.requestUri = "/phone-numbers/{id}";
      m.shapes.GetPhoneNumberRequest.members.PhoneNumberId.locationName = "id";
    },
    want: [
      `label-name: ${ns}GetPhoneNumberRequest$PhoneNumberId /components/parameters/PhoneNumberId/name: model {id}, spec {phoneNumberId}`,
    ],
  },
  {
    name: "locationName on a body member: the JSON key (jsonName)",
    change: (m) => (m.shapes.PhoneNumber.members.OrderId.locationName = "orderId"),
    want: [
      `json-name: ${ns}PhoneNumber$OrderId /components/schemas/PhoneNumber/properties/OrderId: the model sends OrderId as "orderId"`,
    ],
  },
  {
    name: "timestampFormat unixTimestamp: epoch seconds",
    change: (m) => (m.shapes.Iso8601Timestamp.timestampFormat = "unixTimestamp"),
    want: [
      `timestamp-format: ${ns}Iso8601Timestamp /components/schemas/Iso8601Timestamp/format: model epoch-seconds, spec string format date-time`,
    ],
  },
  {
    name: "sensitive removed (CallingName)",
    change: (m) => delete m.shapes.CallingName.sensitive,
    want: [`sensitive: ${ns}CallingName /components/schemas/CallingName/x-sensitive: model not sensitive`],
  },
  {
    name: "error httpStatusCode: NotFoundException 410",
    change: (m) => (m.shapes.NotFoundException.error.httpStatusCode = 410),
    want: [
      `error-status: ${ns}NotFoundException ${get}/responses/404: the model answers NotFoundException with 410`,
      `error-table: ${ns}NotFoundException (error table): the model's NotFoundException has httpError 410, the table says 404`,
    ],
  },
  {
    name: "fault removed: ServiceFailureException becomes a client error",
    change: (m) => delete m.shapes.ServiceFailureException.fault,
    want: [
      `error-table: ${ns}ServiceFailureException (error table): the model's ServiceFailureException is a client error, the table says server`,
    ],
  },
  {
    name: "a new error on UpdatePhoneNumber",
    change: (m) => m.operations.UpdatePhoneNumber.errors.push({ shape: "ResourceLimitExceededException" }),
    want: [
      `error-not-in-table: ${ns}ResourceLimitExceededException ${post}/responses: the model lists ResourceLimitExceededException (httpError 400)`,
    ],
  },
  {
    name: "http method and responseCode",
    change: (m) => {
      m.operations.UpdatePhoneNumber.http.method = "PUT";
      m.operations.GetPhoneNumber.http.responseCode = 202;
    },
    want: [
      `http-method: ${ns}UpdatePhoneNumber ${post}: model "PUT", spec "POST"`,
      `http-code: ${ns}GetPhoneNumber ${get}/responses: model 202, spec 200`,
    ],
  },
];

for (const { name, change, want } of changes) {
  t.test(name, async (t) => {
    const model = installedBotocoreModel();
    change(model);
    const file = join(t.testdir(), "service-2.json.gz");
    writeFileSync(file, gzipSync(JSON.stringify(model)));
    const r = await run("drift", "--model", file);
    t.equal(r.code, 1, "exit 1");
    t.equal(r.err, "", "nothing on stderr");
    const lines = unexplainedLines(r.out);
    for (const w of want) {
      const named = lines.some((l) => l.startsWith(`unexplained ${w}`));
      t.ok(named, `names ${w}`);
      if (!named) t.comment(r.out);
    }
  });
}
