// Any size: an answer as wide as the read limit allows is judged in milliseconds and in a few findings. Before,
// a 250 KB answer of 50,000 nulls was 50,000 findings per answer (the runner ran out of memory after 90 s of a
// default run, writing no report), and an array of 100,000 invalid items carried 100,000 ajv errors into every
// report. The time bounds are loose (a busy machine): they catch minutes, not milliseconds.
import t from "tap";
import { loadContract } from "../../src/contract/index.js";
import { judgeExchange } from "../../src/judge/checks/index.js";
import { parseBody, type Exchange } from "../../src/judge/exchange.js";
import { listedPerCheck } from "../../src/judge/finding.js";
import { phoneNumber } from "../helpers/phone-number.js";

const contract = await loadContract();

function judge(body: object) {
  const text = JSON.stringify(body);
  const exchange: Exchange = {
    request: {
      method: "GET",
      url: "http://t/phone-numbers/%2B12065550100",
      path: "/phone-numbers/%2B12065550100",
      headers: {},
    },
    response: {
      status: 200,
      headers: { "content-type": "application/json", "x-amzn-requestid": "r1" },
      text,
      size: Buffer.byteLength(text),
      truncated: false,
    },
    durationMs: 1,
  };
  const started = performance.now();
  const findings = judgeExchange({ contract, operation: "GetPhoneNumber", exchange, addressed: "+12065550100" });
  return { findings, ms: performance.now() - started, bytes: text.length };
}

const count = (findings: ReturnType<typeof judge>["findings"], check: string) =>
  findings.filter((f) => f.check === check).length;

t.test("50,000 nulls are the first ones listed and one finding counting the rest", async (t) => {
  const { findings, ms, bytes } = judge({ PhoneNumber: { ...phoneNumber, Extra: Array(50_000).fill(null) } });
  t.comment(`${bytes} bytes judged in ${ms.toFixed(1)} ms`);
  t.equal(count(findings, "no_null_members"), listedPerCheck + 1);
  const nulls = findings.filter((f) => f.check === "no_null_members").map((f) => f.message);
  t.equal(nulls[0], "/PhoneNumber/Extra/0 is null; an absent member is omitted", "in document order");
  t.equal(nulls[listedPerCheck - 1], `/PhoneNumber/Extra/${listedPerCheck - 1} is null; an absent member is omitted`);
  t.equal(nulls[listedPerCheck], `${50_000 - listedPerCheck} more members are null`);
  t.ok(ms < 5_000, `judged in ${ms.toFixed(1)} ms`);
});

t.test("100,000 invalid associations keep the first ajv errors, and say how many there were", async (t) => {
  const { findings, ms } = judge({ PhoneNumber: { ...phoneNumber, Associations: Array(100_000).fill(1) } });
  const schema = findings.filter((f) => f.check === "response_schema");
  t.equal(schema.length, 1);
  t.equal(schema[0]!.errors?.length, 20);
  t.match(
    schema[0]!.message,
    /^the 200 body does not match the document's schema: \/PhoneNumber\/Associations\/0 .* \(100000 errors; the first 20 kept\)$/,
  );
  t.ok(ms < 5_000, `judged in ${ms.toFixed(1)} ms`);
});

t.test("unparsable timestamps in 40,000 associations are listed as the nulls are", async (t) => {
  const association = { Value: "v", Name: "VoiceConnectorId", AssociatedTimestamp: "2026-01-06 09:15:00Z" };
  const { findings } = judge({ PhoneNumber: { ...phoneNumber, Associations: Array(40_000).fill(association) } });
  const stamps = findings.filter((f) => f.check === "timestamps").map((f) => f.message);
  t.equal(stamps.length, listedPerCheck + 1);
  t.equal(
    stamps[0],
    '/PhoneNumber/Associations/0/AssociatedTimestamp is "2026-01-06 09:15:00Z", not an RFC 3339 date-time with T and a zone',
  );
  t.equal(stamps[listedPerCheck], `${40_000 - listedPerCheck} more timestamps are not RFC 3339 date-times`);
});

t.test("a 125,000-number member is parsed once for every check", async (t) => {
  const text = JSON.stringify({ PhoneNumber: { ...phoneNumber, Extra: Array(125_000).fill(0) } });
  const response = { status: 200, headers: {}, text, size: text.length, truncated: false };
  const first = parseBody(response);
  t.equal(first.ok, true);
  t.equal(parseBody(response), first, "the same parse, whichever check asks");
  t.not(parseBody({ ...response }), first, "another response is parsed for itself");
  const { findings, ms } = judge({ PhoneNumber: { ...phoneNumber, Extra: Array(125_000).fill(0) } });
  t.same(findings, [], "a member the contract does not know is no finding");
  t.ok(ms < 5_000, `judged in ${ms.toFixed(1)} ms`);
});
