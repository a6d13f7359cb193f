// How deep the judge reads a target's JSON: a body nested deeper than maxJsonDepth is a finding without being
// parsed (parsing 100,000 levels costs V8 some 200 ms, every answer of a run), and counting is one pass over
// the text that strings cannot fool.
import t from "tap";
import { loadContract } from "../../src/contract/index.js";
import { judgeExchange } from "../../src/judge/checks/index.js";
import { parseBody, type Exchange, type ReceivedResponse } from "../../src/judge/exchange.js";
import { maxJsonDepth, nestingDepth } from "../../src/judge/json-depth.js";

// [text, depth]
const table: Array<[string, number]> = [
  ["", 0],
  ["1", 0],
  ['"[[[{{{"', 0],
  ["[]", 1],
  ['{"a":[1,{"b":[]}],"c":{}}', 4],
  ['["\\"[[[", ["\\\\"], [[]]]', 3],
  ['{"a\\\\":"]]]]","b":[[["}"]]]}', 4],
  ['["\\\\\\"[", [], "\\\\"]', 2],
  ['[["unterminated [[[', 2],
  ["[[[", 3],
  ["]]][", 1],
];
for (const [text, want] of table) t.equal(nestingDepth(text), want, text);

t.test("counting stops past the limit", async (t) => {
  t.equal(nestingDepth("[[[[]]]]", 2), 3);
  t.equal(nestingDepth("[[]]", 2), 2);
  // A text that counts the characters read: a million brackets, of which the count reads one past the limit.
  let read = 0;
  const charCodeAt = () => {
    read++;
    return 0x5b;
  };
  const text = { length: 1_000_000, charCodeAt } as unknown as string;
  t.equal(nestingDepth(text, maxJsonDepth), maxJsonDepth + 1);
  t.equal(read, maxJsonDepth + 1, "it reads no further than the limit");
});

const response = (text: string): ReceivedResponse => ({
  status: 200,
  headers: { "content-type": "application/json", "x-amzn-requestid": "r1" },
  text,
  size: Buffer.byteLength(text),
  truncated: false,
});

t.test("parseBody reads JSON to maxJsonDepth levels, and says why it reads no deeper", async (t) => {
  const at = `${"[".repeat(maxJsonDepth)}${"]".repeat(maxJsonDepth)}`;
  const parsed = parseBody(response(at));
  t.equal(parsed.ok, true, `${maxJsonDepth} levels are parsed`);
  const over = parseBody(response(`[${at}]`));
  t.same(over, {
    ok: false,
    reason: `the body nests ${maxJsonDepth + 1} levels deep, more than the aws CLI and boto3 can read (the judge reads JSON to ${maxJsonDepth} levels)`,
  });
  t.same(parseBody(response('["]]]]"]')), { ok: true, value: ["]]]]"] });
  // A short text is not counted (it cannot nest deeper than it is long): the bound holds at its shortest text.
  t.same(parseBody(response("[".repeat(maxJsonDepth + 1))), {
    ok: false,
    reason: `the body nests ${maxJsonDepth + 1} levels deep, more than the aws CLI and boto3 can read (the judge reads JSON to ${maxJsonDepth} levels)`,
  });
  t.match(parseBody(response("[".repeat(maxJsonDepth))), { ok: false, reason: /^the body is not JSON: / });
});

t.test("a 200 nested 100,000 levels deep is a W4 finding, judged without parsing it", async (t) => {
  const contract = await loadContract();
  const text = `{"PhoneNumber":{"E164PhoneNumber":"+12065550100","Extra":${"[".repeat(100_000)}${"]".repeat(100_000)}}}`;
  const exchange: Exchange = {
    request: {
      method: "GET",
      url: "http://t/phone-numbers/%2B12065550100",
      path: "/phone-numbers/%2B12065550100",
      headers: {},
    },
    response: response(text),
    durationMs: 1,
  };
  const started = performance.now();
  const findings = judgeExchange({ contract, operation: "GetPhoneNumber", exchange, addressed: "+12065550100" });
  const ms = performance.now() - started;
  t.same(
    findings.map((f) => [f.check, f.rule]),
    [
      ["response_schema", "W4"],
      ["addressed_number", "W2"],
    ],
  );
  t.match(findings[0]!.message, "the body nests 100002 levels deep");
  // Parsing it would take some 100 ms (a few ms here on a quiet machine); the bound only catches a parse.
  t.ok(ms < 1_000, `judged in ${ms.toFixed(1)} ms`);
});
