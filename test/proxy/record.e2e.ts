// --record DIR with the official JS SDK's traffic, an unmodified application run as `proxy --record DIR -- node
// APP` (test/proxy/applications/sdk-application.mjs): a case file and a fixtures file that `test --cases DIR`
// replays green against the implementation recorded from (fresh, as the recording left it, with either fixtures
// file) and red against implementations that behave otherwise in what the traffic shows; recorded from the reference
// server, and from an implementation that answers a blank label 404 (W1: 400).
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../../src/contract/paths.js";
import { record, recordedCase, recordedNumbers, replayMatrix } from "./record-matrix.js";

t.setTimeout(600_000);

const application = [process.execPath, join(packageRoot, "test", "proxy", "applications", "sdk-application.mjs")];
const numbers = ["+12065550100", "+12065550101", "+12065550102", "+442079460000"];
/** What each call was answered by the reference server: the traffic is what the tests say it is. */
const outcomes = [
  ...["200", "200"],
  ...["200", "200", "200", "200", "200", "200"],
  ...["400 BadRequestException", "200"],
  ...["200", "200", "409 ConflictException", "200"],
  ...["400 BadRequestException", "200", "404 NotFoundException", "404 NotFoundException"],
  "400 BadRequestException",
];
/** The blank label's outcome. */
const blankLabel = 18;

t.test("the JS SDK's traffic, recorded and replayed", async (t) => {
  const rec = await record(t, application);
  t.equal(rec.code, 0, `the proxy saw no finding in the traffic: ${rec.said}`);
  t.same(
    JSON.parse(rec.output),
    outcomes,
    "the traffic: reads, updates, S2's 400, S5's 409, a V5 400, an unknown number, a blank label",
  );
  const text = readFileSync(rec.cases, "utf8");
  const recorded = recordedCase(rec);
  t.equal(recorded.steps.length, 19, "each exchange a step");
  t.notMatch(text, /Timestamp|RequestId|requestid/i, "no timestamps or request ids in the expectations");
  t.notMatch(text, /\+12065550100|%2B12065550100|Front desk"/, "numbers described by their properties, not by id");
  t.same(
    recorded.numbers,
    {
      number1: {},
      number2: {},
      number3: {
        country: "non-US",
        type: "Local",
        productType: "SipMediaApplicationDialIn",
        callingNameStatus: "Unassigned",
        name: "present",
        callingName: "absent",
      },
      number4: { callingNameStatus: ["Unassigned", "UpdateFailed", "UpdateSucceeded"] },
      number5: { unknown: true },
    },
    "numbers the traffic updates by what decides their statuses (S5: not pending before); one it only reads (S2 refused) by all it showed",
  );
  const blank = recorded.steps.at(-1) as { request: Record<string, unknown> };
  t.same(blank.request, { method: "GET", label: "%20" }, "the blank label is sent as it was, not as a number");
  t.match(rec.said, /recorded 19 steps on 5 numbers in \S+\.yaml, their numbers in \S+\.fixtures\.json;/);
  t.same(
    recordedNumbers(rec),
    ["+12065550100", "+12065550102", "+442079460000", "+12065550101"],
    "the fixtures file holds every number answered, in the order first seen",
  );
  await replayMatrix(t, rec, {
    numbers,
    otherwise: [
      { fault: 'Name "" ignored instead of removing the name' },
      { fault: "a calling-name update reported as done at once" },
      { fault: "a second CallingName while pending is accepted" },
      { fault: "a blank label looked up (404)" },
    ],
  });
});

t.test("the JS SDK's traffic, recorded from an implementation that looks a blank label up, and replayed", async (t) => {
  const rec = await record(t, application, { fault: "a blank label looked up (404)" });
  t.same(
    JSON.parse(rec.output),
    outcomes.with(blankLabel, "404 NotFoundException"),
    "the same traffic, but the blank label answered 404",
  );
  t.equal(rec.code, 1, "the proxy found it");
  t.match(rec.said, /^finding \[W1\] GET \/phone-numbers\/%20 -> 404/m);
  t.same(recordedCase(rec).steps.at(-1), {
    rule: "W1",
    request: { method: "GET", label: "%20" },
    expect: { status: 404, readBack: "none", error: "NotFoundException", members: { "/Code": "NotFound" } },
  });
  await replayMatrix(t, rec, { numbers, otherwise: [{}] });
});
