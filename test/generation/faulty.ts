import {
  editJson,
  label,
  numberOf,
  parseJson,
  type Answer,
  type Fault,
  type Message,
  type ProxyContext,
} from "../../bench/support/faulty-proxy.js";

/** Subtler faulty implementations than test/runner/faulty: only generated cases are expected to catch them. */
export interface SubtleFault extends Fault {
  name: string;
}

/** A subtle fault as generated.test.ts runs it: the generated cases that catch it, and the rule they cite. */
export interface CaughtSubtleFault extends SubtleFault {
  /**
   * The generated cases that catch it, each on its own: only these run against it, and each must fail (each was
   * among the failing cases of a whole generated run, seed 7, citing `rule`).
   */
  caughtBy: string[];
  /**
   * The rule a finding of those cases cites: the rule the fault breaks, or, where a valid update is refused, the
   * rule of the state the update was to reach (S3 for a Name, S5 for a calling name sent to a pending number).
   */
  rule: string;
}

const isUpdate = (m: Message) => m.method === "POST" && m.path.startsWith("/phone-numbers/");
const body = (m: Message) => parseJson(m.body) ?? {};
const read = (m: Message, c: ProxyContext, path = m.path) =>
  c.forward({ method: "GET", path: `/phone-numbers/${label(path)}`, headers: {}, body: "" });
const badRequest: Answer = {
  status: 400,
  headers: { "content-type": "application/json", "x-amzn-errortype": "BadRequestException", "x-amzn-requestid": "" },
  body: JSON.stringify({ Code: "BadRequest", Message: "Name: refused" }),
};
const refuse = (): Answer => ({
  ...badRequest,
  headers: { ...badRequest.headers, "x-amzn-requestid": `subtle-${Math.random()}` },
});
const rewrite =
  (edit: (b: Record<string, unknown>) => void) =>
  (m: Message): Message =>
    isUpdate(m) && parseJson(m.body) ? { ...m, body: editJson(m.body, edit) } : m;
const str = (v: unknown): v is string => typeof v === "string";

/** Answers an update as if applied, from a read of the number, without storing it. */
const answeredNotStored =
  (member: string) =>
  async (m: Message, c: ProxyContext): Promise<Answer | undefined> => {
    const b = body(m);
    if (!isUpdate(m) || !str(b[member]) || b[member] === "" || Object.keys(b).length !== 1) return undefined;
    const real = await c.forward(m);
    if (real.status !== 200) return real;
    // Undo it: the answer says applied, the store keeps the old value.
    const before = parseJson(real.body)!.PhoneNumber as Record<string, unknown>;
    if (member === "ProductType")
      await c.forward({
        ...m,
        body: JSON.stringify({
          ProductType: before.ProductType === "VoiceConnector" ? "SipMediaApplicationDialIn" : "VoiceConnector",
        }),
      });
    return real;
  };

/** Refuses an update whose `member` is a string that `refused` picks out (a validator stricter than V4/V5). */
const refusing =
  (member: string, refused: (v: string) => boolean) =>
  (m: Message): Answer | undefined => {
    const v = body(m)[member];
    return isUpdate(m) && str(v) && v !== "" && refused(v) ? refuse() : undefined;
  };
/** Accepts what V6 refuses by rewriting it to the value `lenient` reads it as. */
const lenientProductType = (lenient: (v: string) => string | undefined) =>
  rewrite((b) => {
    if (!str(b.ProductType)) return;
    const v = lenient(b.ProductType);
    if (v) b.ProductType = v;
  });
const productTypes = ["VoiceConnector", "SipMediaApplicationDialIn"];

/**
 * Validators that get one equivalence class of a pattern wrong: the boundaries by class (classes.ts) must catch
 * each, whatever the seed, where what fast-check draws alone does not.
 */
export const classFaults: SubtleFault[] = [
  { name: "V4: an all-digit CallingName refused", answer: refusing("CallingName", (v) => /^[0-9]+$/.test(v)) },
  { name: "V4: an all-upper-case CallingName refused", answer: refusing("CallingName", (v) => /^[A-Z]+$/.test(v)) },
  { name: "V4: an all-lower-case CallingName refused", answer: refusing("CallingName", (v) => /^[a-z]+$/.test(v)) },
  { name: "V4: a CallingName with an inner space refused", answer: refusing("CallingName", (v) => /\S \S/.test(v)) },
  {
    name: "V4: a CallingName with a leading or trailing space refused",
    answer: refusing("CallingName", (v) => v.trim() !== v && v.trim() !== ""),
  },
  { name: "V4: a CallingName starting with a digit refused", answer: refusing("CallingName", (v) => /^[0-9]/.test(v)) },
  {
    name: "V4: a CallingName of 15 digits and letters refused (a limit of 14 for mixed values)",
    answer: refusing("CallingName", (v) => v.length === 15 && /[0-9]/.test(v) && /[a-zA-Z]/.test(v)),
  },
  {
    name: "V5: a Name of punctuation only refused",
    answer: refusing("Name", (v) => !/[a-zA-Z0-9]/.test(v)),
  },
  {
    name: "V5: a Name of one 256-character word refused (words limited to 64)",
    answer: refusing("Name", (v) => v.split(/[ \t\n\x0B\f\r]+/).some((w) => w.length > 64)),
  },
  { name: "V5: an all-upper-case Name refused", answer: refusing("Name", (v) => /^[A-Z]+$/.test(v)) },
  {
    name: "V5: a word starting with an underscore refused",
    answer: refusing("Name", (v) => /(^|[ \t\n\x0B\f\r])_/.test(v)),
  },
  { name: "V5: a Name ending with a full stop refused", answer: refusing("Name", (v) => v.endsWith(".")) },
  {
    name: "V5: a Name of 256 characters with form feeds between words refused",
    answer: refusing("Name", (v) => v.length === 256 && v.includes("\f")),
  },
  {
    name: "V6: a ProductType whose first letter's case differs accepted",
    request: lenientProductType((v) =>
      productTypes.find((p) => p !== v && p.slice(1) === v.slice(1) && p[0]!.toLowerCase() === v[0]!.toLowerCase()),
    ),
  },
  {
    name: "V6: a ProductType without its last letter accepted (prefix match)",
    request: lenientProductType((v) =>
      productTypes.find((p) => p !== v && p.length === v.length + 1 && p.startsWith(v)),
    ),
  },
];

export const subtleFaults: CaughtSubtleFault[] = [
  {
    name: "V5: U+3000 accepted between words of a Name (ECMAScript \\s)",
    caughtBy: ["generated-boundaries-name-refused"],
    rule: "V5",
    request: rewrite((b) => str(b.Name) && (b.Name = b.Name.replace(/\u3000/g, " "))),
  },
  {
    name: "V5: U+FEFF accepted between words of a Name",
    caughtBy: ["generated-boundaries-name-refused"],
    rule: "V5",
    request: rewrite((b) => str(b.Name) && (b.Name = b.Name.replace(/\ufeff/g, " "))),
  },
  {
    name: "V5: a vertical tab between words refused (over-strict)",
    caughtBy: ["generated-boundaries-name-accepted"],
    rule: "S3",
    answer: (m) =>
      isUpdate(m) && str(body(m).Name) && (body(m).Name as string).includes("\x0B") ? refuse() : undefined,
  },
  {
    name: "V5: a trailing line terminator accepted (multi-line $)",
    caughtBy: ["generated-boundaries-name-refused"],
    rule: "V5",
    request: rewrite((b) => str(b.Name) && /\S\n$/.test(b.Name) && (b.Name = b.Name.slice(0, -1))),
  },
  {
    name: "V5: a Name of 256 characters refused",
    caughtBy: ["generated-boundaries-name-accepted"],
    rule: "S3",
    answer: (m) => (isUpdate(m) && str(body(m).Name) && (body(m).Name as string).length === 256 ? refuse() : undefined),
  },
  {
    name: "V4: a Unicode letter accepted in CallingName",
    caughtBy: ["generated-boundaries-callingname-refused"],
    rule: "V4",
    request: rewrite(
      (b) =>
        str(b.CallingName) &&
        (b.CallingName = b.CallingName.normalize("NFD")
          .replace(/[^\x00-\x7f]/g, "")
          .padEnd(2, "x")),
    ),
  },
  {
    name: "V4: a CallingName of two spaces refused",
    caughtBy: ["generated-boundaries-callingname-accepted"],
    rule: "S5",
    answer: (m) => (isUpdate(m) && body(m).CallingName === "  " ? refuse() : undefined),
  },
  {
    name: "V6: a ProductType with a trailing space accepted",
    caughtBy: ["generated-boundaries-producttype-refused"],
    rule: "V6",
    request: rewrite((b) => str(b.ProductType) && (b.ProductType = b.ProductType.trim())),
  },
  {
    name: "S7: a ProductType update answered but not stored",
    caughtBy: [
      "generated-boundaries-producttype-accepted",
      "generated-stateful-sequences",
      "generated-property-bodies",
    ],
    rule: "S7",
    answer: answeredNotStored("ProductType"),
  },
  {
    name: "S5: a Name update refused while a calling name is pending",
    caughtBy: ["generated-boundaries-name-accepted"],
    rule: "S3",
    answer: async (m, c) => {
      if (!isUpdate(m) || !str(body(m).Name)) return undefined;
      const current = await read(m, c);
      return current.status === 200 && current.body.includes('"UpdateInProgress"')
        ? {
            ...refuse(),
            status: 409,
            headers: { ...refuse().headers, "x-amzn-errortype": "ConflictException" },
            body: JSON.stringify({ Code: "Conflict", Message: "pending" }),
          }
        : undefined;
    },
  },
  {
    name: "S6: a ProductType update also changes the next number's name",
    caughtBy: ["generated-boundaries-producttype-accepted", "generated-stateful-sequences"],
    rule: "S6",
    response: async (m, a, c) => {
      if (isUpdate(m) && a.status === 200 && str(body(m).ProductType)) {
        const e164 = numberOf(m.path);
        const next = e164.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
        await c.forward({
          method: "POST",
          path: `/phone-numbers/${encodeURIComponent(next)}`,
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ Name: "crosstalk" }),
        });
      }
      return a;
    },
  },
];
