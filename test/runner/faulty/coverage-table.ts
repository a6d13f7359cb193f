// Faulty implementations that get one equivalence class of a request member wrong, where the default run's
// hand-written cases do not look: the coverage phase (derived from the document's classes) must fail each.
// Each was seen to pass the default run before the coverage phase existed.
import { editJson, parseJson, type Answer, type Fault, type Message } from "../../../bench/support/faulty-proxy.js";

export interface ClassFault extends Fault {
  name: string;
  /** The rule the coverage phase must cite. */
  rule: "V4" | "V5" | "V6";
}

const isUpdate = (m: Message) => m.method === "POST" && m.path.startsWith("/phone-numbers/");
const str = (v: unknown): v is string => typeof v === "string";
const refuse = (): Answer => ({
  status: 400,
  headers: {
    "content-type": "application/json",
    "x-amzn-errortype": "BadRequestException",
    "x-amzn-requestid": `class-${Math.random()}`,
  },
  body: JSON.stringify({ Code: "BadRequest", Message: "refused by a stricter validator" }),
});
/** Refuses an update whose `member` is a non-empty string that `refused` picks out (stricter than V4/V5). */
const refusing =
  (member: string, refused: (v: string) => boolean) =>
  (m: Message): Answer | undefined => {
    const v = parseJson(m.body)?.[member];
    return isUpdate(m) && str(v) && v !== "" && refused(v) ? refuse() : undefined;
  };
/** Accepts a value V6 refuses, read as `lenient` reads it. */
const lenientProductType =
  (lenient: (v: string) => string | undefined) =>
  (m: Message): Message =>
    isUpdate(m) && parseJson(m.body)
      ? {
          ...m,
          body: editJson(m.body, (b) => {
            if (str(b.ProductType)) b.ProductType = lenient(b.ProductType) ?? b.ProductType;
          }),
        }
      : m;
const productTypes = ["VoiceConnector", "SipMediaApplicationDialIn"];

export const classFaultTable: ClassFault[] = [
  {
    name: "a CallingName of digits only refused",
    rule: "V4",
    answer: refusing("CallingName", (v) => /^[0-9]+$/.test(v)),
  },
  { name: "a CallingName of spaces only refused", rule: "V4", answer: refusing("CallingName", (v) => /^ +$/.test(v)) },
  {
    name: "a CallingName with a leading space refused",
    rule: "V4",
    answer: refusing("CallingName", (v) => v.startsWith(" ")),
  },
  {
    name: "a CallingName with a trailing space refused",
    rule: "V4",
    answer: refusing("CallingName", (v) => v.endsWith(" ")),
  },
  {
    name: "a CallingName of lower-case letters only refused",
    rule: "V4",
    answer: refusing("CallingName", (v) => /^[a-z]+$/.test(v)),
  },
  {
    name: "a CallingName starting with a digit refused",
    rule: "V4",
    answer: refusing("CallingName", (v) => /^[0-9]/.test(v)),
  },
  { name: "a Name of punctuation only refused", rule: "V5", answer: refusing("Name", (v) => !/[a-zA-Z0-9]/.test(v)) },
  { name: "a Name of one character refused", rule: "V5", answer: refusing("Name", (v) => v.length === 1) },
  { name: "a Name starting with a hyphen refused", rule: "V5", answer: refusing("Name", (v) => v.startsWith("-")) },
  { name: "a Name ending with a full stop refused", rule: "V5", answer: refusing("Name", (v) => v.endsWith(".")) },
  { name: "a Name of digits only refused", rule: "V5", answer: refusing("Name", (v) => /^[0-9]+$/.test(v)) },
  {
    name: "a word starting with an underscore refused",
    rule: "V5",
    answer: refusing("Name", (v) => /(^|[ \t\n\x0B\f\r])_/.test(v)),
  },
  {
    name: "a ProductType with a zero-width space accepted",
    rule: "V6",
    request: lenientProductType((v) => (v.includes("\u200b") ? v.replace(/\u200b/g, "") : undefined)),
  },
  {
    name: "a ProductType with a Cyrillic look-alike letter accepted",
    rule: "V6",
    request: lenientProductType((v) =>
      productTypes.find((p) => p !== v && p === v.replace(/\u043e/g, "o").replace(/\u0430/g, "a")),
    ),
  },
  {
    name: "a ProductType written twice accepted",
    rule: "V6",
    request: lenientProductType((v) => productTypes.find((p) => v === p + p)),
  },
];
