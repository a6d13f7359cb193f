import t from "tap";
import { readFileSync } from "node:fs";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import {
  createReporter,
  jsonReportSchemaPath,
  jsonReportVersion,
  reporterNames,
  renderHtml,
  renderJson,
  renderJunit,
} from "../../src/reporters/index.js";
import type { RunnerEvent } from "../../src/judge/events.js";
import { curlCommand } from "../../src/judge/curl.js";
import { hints, progressReporter } from "../../src/reporters/progress.js";
import { checkRegistry } from "../../src/judge/checks/index.js";
import { colours, wantsColour } from "../../src/reporters/colour.js";
import { ruleIds } from "../../src/contract/rules.js";

const addFormats = addFormatsModule as unknown as typeof addFormatsModule.default;

const passed = {
  id: "W1-label-literal-plus",
  title: "A label with a literal + addresses the number",
  rules: ["W1" as const],
  tags: [],
  file: "conformance/wire.yaml",
  line: 20,
  numbers: { number: "+12065550100" },
};
const failed = {
  id: "V5-name-pattern",
  title: "A Name <outside> the pattern & more",
  rules: ["V5" as const],
  tags: ["decided"],
  file: "conformance/validation.yaml",
  line: 99,
  numbers: { number: "+12065550101" },
};
const request = {
  method: "POST",
  url: "http://127.0.0.1:4010/phone-numbers/%2B12065550101",
  path: "/phone-numbers/%2B12065550101",
  headers: { "content-type": "application/json" },
  body: `{"Name":"It's <b>bold</b>"}`,
};
const exchange = {
  request,
  response: {
    status: 200,
    headers: { "content-type": "application/json", "x-amzn-requestid": "r-1" },
    text: `{"PhoneNumber":{"Name":"It's <b>bold</b>","UpdatedTimestamp":"2026-01-05 10:00:00Z"}}`,
    size: 80,
    truncated: false,
  },
  durationMs: 3,
};

/** A fixed run: one case passes, one fails twice (a schema failure with ajv errors, a status failure). */
const events: RunnerEvent[] = [
  {
    type: "run-start",
    command: "test",
    target: "http://127.0.0.1:4010",
    embedded: false,
    cases: [passed, failed],
    checks: ["response_schema", "expected_status"],
    coverage: [
      { rule: "W1", cases: [passed.id] },
      { rule: "V5", cases: [failed.id] },
      { rule: "S8", cases: [] },
    ],
    startedAt: "2026-01-05T10:00:00.000Z",
  },
  { type: "case-start", index: 0, case: passed },
  { type: "case-end", index: 0, case: passed, outcome: "passed", findings: [], requests: 1, durationMs: 4 },
  { type: "case-start", index: 1, case: failed },
  {
    type: "case-end",
    index: 1,
    case: failed,
    outcome: "failed",
    requests: 2,
    durationMs: 9,
    findings: [
      {
        check: "expected_status",
        rule: "V5",
        message: "the case expects status 400, the target answered 200",
        exchange,
        curl: curlCommand(request),
      },
      {
        check: "timestamps",
        rule: "W2",
        message: '/PhoneNumber/UpdatedTimestamp is "2026-01-05 10:00:00Z", not an RFC 3339 date-time',
        exchange,
        curl: curlCommand(request),
        errors: [
          {
            instancePath: "/PhoneNumber/UpdatedTimestamp",
            schemaPath: "#/format",
            keyword: "format",
            params: { format: "date-time" },
            message: "must match format",
          },
        ],
      },
    ],
  },
  {
    type: "run-end",
    summary: { total: 2, passed: 1, failed: 1, notRun: 0, durationMs: 21 },
    statuses: [
      { operation: "GetPhoneNumber", documented: [200, 404], seen: [200, 418], neverProvoked: [404] },
      { operation: "UpdatePhoneNumber", documented: [200, 400], seen: [], neverProvoked: [200, 400] },
    ],
    exitCode: 1,
  },
];

function render(name: (typeof reporterNames)[number], tty = false): string {
  let text = "";
  const reporter = createReporter(name, {
    write: (s) => {
      text += s;
    },
    isTTY: tty,
    columns: 60,
  });
  for (const e of events) reporter.event(e);
  reporter.end();
  return text;
}

for (const name of reporterNames) {
  t.test(`${name} reporter output matches its snapshot`, async (t) => {
    t.matchSnapshot(render(name));
  });
}

t.test("human prints each exchange once per case, then a tally per check and per rule, then the totals", async (t) => {
  const out = render("human", true);
  t.notMatch(out, /\r|\x1b/, "no progress on the report's own output");
  t.equal(out.split("request:  curl").length - 1, 1, "one exchange, shown once for its two findings");
  t.match(out, /✗ expected_status \[V5\]: [^\n]*\n {4}✗ timestamps \[W2\]: [^\n]*\n {6}request: {2}curl/);
  t.match(
    out,
    /By check: expected_status 1 case \(1 finding\), timestamps 1 case \(1 finding\)\nBy rule: {2}V5 1 case/,
  );
  t.ok(out.indexOf("Failures (1)") < out.indexOf("FAIL http://127.0.0.1:4010: 1 passed, 1 failed"));
  t.match(
    out,
    /curl -sS -i --globoff --path-as-is -X POST -H 'content-type: application\/json' --data-binary '\{"Name":"It'\\''s <b>bold<\/b>"\}' 'http:\/\/127\.0\.0\.1:4010\/phone-numbers\/%2B12065550101'/,
  );
});

t.test("progress: a terminal line rewritten in place; plain lines at a calmer pace elsewhere", async (t) => {
  let clock = 0;
  const write = (tty: boolean) => {
    let text = "";
    const reporter = progressReporter(
      { write: (s) => void (text += s), isTTY: tty, columns: 100 },
      { plainEveryMs: 10_000, now: () => clock },
    );
    return { reporter, text: () => text };
  };
  const tty = write(true);
  const plain = write(false);
  for (const [i, e] of events.entries()) {
    clock = i * 4_000;
    tty.reporter.event(e);
    plain.reporter.event(e);
  }
  tty.reporter.end();
  plain.reporter.end();
  t.match(tty.text(), /\r\x1b\[K\[1\/2\] 0 failed, 1 requests, 8\.00 s/);
  t.match(tty.text(), /\r\x1b\[K\[2\/2\] 1 failed, 3 requests, 16\.00 s/);
  t.match(tty.text(), /\r\x1b\[K$/, "the line is cleared at the end");
  t.same(
    plain
      .text()
      .split("\n")
      .filter((l) => l.startsWith("progress:")),
    ["progress: [2/2] 1 failed, 3 requests, 16.00 s"],
  );
  t.match(
    plain.text(),
    /^chime-voice-contract test: FAIL: 1 passed, 1 failed, 0 not run of 2 cases in 21 ms; exit 1$/m,
  );
});

t.test("hints: most answers a 401 suggests --sign; a run of 429s suggests --rate", async (t) => {
  t.match(hints(3, 0, { total: 5, unauthorized: 5, throttled: 0 }).join(), /every answer was a 401: .*--sign sigv4/);
  // A target verifying signatures still passes cases that a 401 satisfies (W5's): the prevailing cause decides.
  t.match(
    hints(2, 1, { total: 5, unauthorized: 3, throttled: 0 }).join(),
    /most answers \(3 of 5\) were a 401: .*--sign/,
  );
  t.same(hints(2, 1, { total: 5, unauthorized: 2, throttled: 0 }), [], "not when 401s do not prevail");
  t.match(hints(1, 2, { total: 5, unauthorized: 0, throttled: 3 }).join(), /3 answers were a 429: .*--rate N/);
  t.same(hints(1, 2, { total: 5, unauthorized: 1, throttled: 2 }), []);
  t.match(
    hints(1, 0, { total: 1, unauthorized: 0, throttled: 0 }, new Set(["s8"])).join(),
    /the s8 cases failed: .*serve --latency 300ms/,
    "an optional group failing names the mode the target needs",
  );
});

t.test("html escapes everything the target sent", async (t) => {
  const html = renderHtml(events);
  t.notMatch(html, /<b>bold<\/b>/);
  t.match(html, /&lt;b&gt;bold&lt;\/b&gt;/);
  t.match(html, /A Name &lt;outside&gt; the pattern &amp; more/);
  t.match(html, /<tr class="gap"><td>S8<\/td>/);
});

t.test("junit escapes attributes and counts failures", async (t) => {
  const xml = renderJunit(events);
  t.match(xml, /<testsuites name="chime-voice-contract" tests="2" failures="1"/);
  t.match(xml, /name="V5-name-pattern: A Name &lt;outside&gt; the pattern &amp; more"/);
  t.match(
    xml,
    /<failure message="expected_status \[V5\]: the case expects status 400, the target answered 200 \(\+1 more\)"/,
  );
});

t.test("the JSON report validates against its versioned schema", async (t) => {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(jsonReportSchemaPath, "utf8")) as object);
  const report = JSON.parse(renderJson(events)) as {
    version: number;
    cases: Array<{ findings: Array<{ errors?: unknown[] }> }>;
  };
  t.ok(validate(report), JSON.stringify(validate.errors));
  t.equal(report.version, jsonReportVersion);
  t.same(
    report.cases[1]!.findings[1]!.errors,
    events[4]!.type === "case-end" ? events[4]!.findings[1]!.errors : undefined,
  );
  t.notOk(validate({ ...report, version: 1 }), "another version is refused");
  t.equal(jsonReportVersion, 2, "version 2: findings carry registry check names alone");
});

t.test("a curl command rebuilds a long body instead of pasting it", async (t) => {
  // Up to V1's limit plus a byte the command sends exactly the body; past it, it says so and copies nothing.
  const body = `{"Name":"a","Pad":"${"x".repeat(65_000)}"}`;
  const curl = curlCommand({ ...request, body });
  t.ok(curl.length < 300);
  t.match(curl, /"x"\.repeat\(65000\)/);
});

t.test("a curl command for a body over V1's limit plus a byte is not replayable and copies nothing", async (t) => {
  for (const size of [64 * 1024 + 2, 70_000, 15 * 1024 * 1024]) {
    const body = `{"Name":"a","Pad":"${"x".repeat(size - 21)}"}`;
    const curl = curlCommand({ ...request, body });
    t.equal(curl, `# not replayable: body of ${size} bytes (POST '${request.url}')`);
  }
  const atLimit = `{"Name":"${"y".repeat(64 * 1024 + 1 - 11)}"}`;
  t.equal(Buffer.byteLength(atLimit), 64 * 1024 + 1);
  t.match(curlCommand({ ...request, body: atLimit }), /"y"\.repeat\(65526\)/, "64 KiB + 1 is still sent whole");
});

t.test("a signed request's curl command signs afresh and shows no signature or token", async (t) => {
  const signed = {
    ...request,
    headers: {
      ...request.headers,
      authorization:
        "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE/20261205/eu-west-1/chime/aws4_request, SignedHeaders=host, Signature=0123abcd",
      "x-amz-date": "20261205T120000Z",
      "x-amz-security-token": "TOKENSECRETVALUE",
      "x-amz-content-sha256": "abc",
    },
  };
  const curl = curlCommand(signed);
  t.match(curl, `--aws-sigv4 'aws:amz:eu-west-1:chime' --user "$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY"`);
  t.match(curl, `-H "x-amz-security-token: $AWS_SESSION_TOKEN"`);
  for (const secret of ["0123abcd", "TOKENSECRETVALUE", "AKIAEXAMPLE", "20261205T120000Z"]) t.notMatch(curl, secret);
  t.match(curl, "-H 'content-type: application/json'", "the other headers are kept");
});

t.test("the JSON report's check names are the registry's, in its order", async (t) => {
  const schema = JSON.parse(readFileSync(jsonReportSchemaPath, "utf8")) as {
    $defs: { finding: { properties: { check: { enum: string[] } } } };
  };
  t.same(schema.$defs.finding.properties.check.enum, [...checkRegistry.keys()]);
});

t.test("html opens on the failures: the grouped findings and the failing cases before rule coverage", async (t) => {
  const html = renderHtml(events);
  const failed = html.indexOf('data-outcome="failed"');
  t.ok(failed > 0 && failed < html.indexOf("<h2>Rule coverage</h2>"), "failing cases before the coverage table");
  t.ok(html.indexOf("<h2>Summary</h2>") < failed, "the summary of findings first");
  t.match(html, /2× <b>expected_status<\/b>|1× <b>expected_status<\/b> \[V5\] in 1 case/);
});

t.test("human: a summary of grouped findings that fits one screen, and no verdict-less headers", async (t) => {
  const many: RunnerEvent[] = [events[0]!];
  for (let i = 0; i < 60; i++) {
    const info = { ...failed, id: `case-${i}` };
    const findings = Array.from({ length: 3 }, (_, k) => ({
      check: `expected_status`,
      rule: ruleIds[(i + k) % ruleIds.length]!,
      // Faults that differ in words, not only in values: each is a fault of its own.
      message: `the case expects status ${400 + k}, the target answered ${k === 2 ? 401 : 200 + i} (${"abcdefghijklmnopqrst"[i % 20]})`,
      exchange: {
        ...exchange,
        response: {
          ...exchange.response,
          headers: { ...exchange.response.headers, date: "x", connection: "y", "keep-alive": "z" },
        },
      },
      curl: curlCommand(request),
    }));
    many.push({ type: "case-end", index: i, case: info, outcome: "failed", requests: 3, durationMs: 1, findings });
  }
  many.push(events.at(-1)!);
  let out = "";
  const reporter = createReporter("human", { write: (s) => void (out += s) });
  for (const e of many) reporter.event(e);
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.startsWith("Summary:"));
  const end = lines.findIndex((l) => l.startsWith("Failures ("));
  t.ok(start > 0 && end - start - 1 <= 40, `the summary fits 40 lines (${end - start - 1})`);
  t.ok(
    lines.slice(start, end).every((l) => [...l].length <= 80),
    "each line at most 80 columns",
  );
  t.match(out, /more faults: every finding is in the list below/);
  t.match(out, /Summary: 180 findings in \d+ groups/);
  t.notMatch(out, /^\s+(date|connection|keep-alive): /m, "headers that carry no verdict are left out");
  t.match(out, /content-type: application\/json/, "the others are shown");
  // With the list bounded, the summary does not promise it holds every finding.
  let bounded = "";
  const short = createReporter("human", { write: (s) => void (bounded += s) }, { maxFailures: 5 });
  for (const e of many) short.event(e);
  t.match(bounded, /\n {2}\d+ more faults: the list below stops at --max-failures; file reports hold all\n/);
  t.notMatch(bounded, /every finding is in the list below/);
});

t.test("human --max-failures bounds the full list, not the summary", async (t) => {
  let out = "";
  const reporter = createReporter("human", { write: (s) => void (out += s) }, { maxFailures: 0 });
  for (const e of events) reporter.event(e);
  t.match(out, /Failures \(1\), the first 0 \(--max-failures\):/);
  t.notMatch(out, /V5-name-pattern: A Name/, "no case listed");
  t.match(out, /Summary: 2 findings in 2 groups/);
});

t.test("colour: on a terminal, never in a pipe; NO_COLOR and FORCE_COLOR honoured", async (t) => {
  t.equal(wantsColour(true, {}), true);
  t.equal(wantsColour(false, {}), false);
  t.equal(wantsColour(undefined, {}), false);
  t.equal(wantsColour(true, { NO_COLOR: "1" }), false);
  t.equal(wantsColour(false, { FORCE_COLOR: "1" }), true);
  t.equal(wantsColour(true, { FORCE_COLOR: "0" }), false);
  let out = "";
  const reporter = createReporter("human", { write: (s) => void (out += s) }, { colours });
  for (const e of events) reporter.event(e);
  t.match(out, /\x1b\[31mFAIL\x1b\[39m/, "FAIL in red");
  t.match(render("human"), /\nFAIL /, "no escape codes without colour");
  t.notMatch(render("human"), /\x1b/);
});
