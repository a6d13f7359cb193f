/**
 * The contract's rules, one table: cases, checks, findings and reports name them. Each rule is DESIGN's ("The
 * contract, rule by rule"), with the sources DESIGN marks it with and a line that says what it asks, because
 * reports show the rule to readers who have no DESIGN at hand (it does not ship with the package).
 */

/**
 * Where a rule comes from: `model` the official service model, `doc` the API reference, `client` what the
 * official clients send and accept, `decided` this project's choice where AWS is silent.
 */
export type RuleSource = "model" | "doc" | "client" | "decided";

export interface Rule {
  id: string;
  /** As DESIGN marks the rule; none for W4, which is the document itself. */
  sources: readonly RuleSource[];
  /** One line, for reports. */
  text: string;
}

export const rules = [
  {
    id: "W1",
    sources: ["client", "model"],
    text: "The path label is percent-decoded once, and again if it then starts with %2B; an empty label, or one of ASCII white space only, is a 400.",
  },
  {
    id: "W2",
    sources: ["model", "client"],
    text: "Success is a 200 in application/json with a unique x-amzn-RequestId and the PhoneNumber addressed: absent members omitted, never null; timestamps RFC 3339 with T and a zone.",
  },
  {
    id: "W3",
    sources: ["model", "client"],
    text: "An error has its shape's status, x-amzn-ErrorType naming the shape, x-amzn-RequestId and a body {Code, Message}; the message is not empty and, for a 400, names the offending member or part.",
  },
  {
    id: "W4",
    sources: [],
    text: "Every response, success or error, validates against the OpenAPI document.",
  },
  {
    id: "W5",
    sources: ["decided"],
    text: "A request outside the contract is a 404 NotFoundException, and an error the HTTP framework raises about a request a 400 BadRequestException, both in the W3 envelope.",
  },
  {
    id: "V1",
    sources: ["decided"],
    text: "The body is a JSON object of at most 64 KiB sent as application/json; a missing body counts as {}.",
  },
  {
    id: "V2",
    sources: ["decided"],
    text: "Unknown members are ignored, whatever their names and nesting; a member whose value is null counts as absent.",
  },
  {
    id: "V3",
    sources: ["doc"],
    text: "Exactly one of CallingName, Name, ProductType is given (one phone number detail at a time); none, or more than one, is a 400.",
  },
  {
    id: "V4",
    sources: ["model"],
    text: "CallingName is a string matching ^$|^[a-zA-Z0-9 ]{2,15}$.",
  },
  {
    id: "V5",
    sources: ["model"],
    text: "Name is a string of at most 256 characters matching the service's pattern as Java evaluates it: whole-string, with \\s only ASCII white space.",
  },
  {
    id: "V6",
    sources: ["model"],
    text: "ProductType is exactly VoiceConnector or SipMediaApplicationDialIn (case-sensitive).",
  },
  {
    id: "V7",
    sources: ["model"],
    text: "A member of the wrong JSON type (number, boolean, array, object) is a 400.",
  },
  {
    id: "V8",
    sources: ["decided"],
    text: "Validation comes before lookup: an invalid body for an unknown number is a 400, not a 404.",
  },
  {
    id: "S1",
    sources: ["model"],
    text: "An unknown number is a 404 NotFoundException.",
  },
  {
    id: "S2",
    sources: ["doc"],
    text: "ProductType VoiceConnector on a number whose Country is not US is a 400.",
  },
  {
    id: "S3",
    sources: ["decided"],
    text: 'Name applies at once; "" removes it (the member is then omitted).',
  },
  {
    id: "S4",
    sources: ["doc", "decided"],
    text: 'CallingName starts a calling-name update: UpdateInProgress until the calling-name delay passes, then UpdateSucceeded (Unassigned when "" removed it).',
  },
  {
    id: "S5",
    sources: ["doc", "decided"],
    text: "A CallingName update while CallingNameStatus is UpdateInProgress is a 409 ConflictException and leaves the pending update as it was.",
  },
  {
    id: "S6",
    sources: ["decided"],
    text: "A successful update sets UpdatedTimestamp to its time, never earlier than before, and changes no other member (but CallingNameStatus with a CallingName) and no other number.",
  },
  {
    id: "S7",
    sources: ["decided"],
    text: "Read-your-writes: after a 200 update, GetPhoneNumber returns the PhoneNumber the update returned (but for a calling-name update completed meanwhile).",
  },
  {
    id: "S8",
    sources: ["model", "decided"],
    text: "Updates to one number are applied one after another, none lost; with simulated processing time, an identical update arriving while the first is in flight is a 409.",
  },
] as const satisfies readonly Rule[];

export type RuleId = (typeof rules)[number]["id"];

export const ruleIds: readonly RuleId[] = rules.map((r) => r.id);

const byId = new Map<string, Rule>(rules.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return byId.get(id);
}

export function isRuleId(value: string): value is RuleId {
  return byId.has(value);
}

/** The rules this project decided in whole or in part; cases that test them carry the tag `decided`. */
export const decidedRules: readonly RuleId[] = rules
  .filter((r) => (r.sources as readonly RuleSource[]).includes("decided"))
  .map((r) => r.id);
