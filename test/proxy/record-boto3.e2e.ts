// --record DIR with boto3's traffic, an unmodified application run as `proxy --record DIR -- python3 APP`
// (test/proxy/applications/boto3-application.py, whose client finds the proxy by AWS_ENDPOINT_URL_CHIME_SDK_VOICE),
// in front of `serve --fixtures` playing a team's implementation that holds numbers of its own (none of the
// package's fixtures). The recording replays green against that implementation, fresh or as the recording left it,
// told its numbers by the fixtures file --record wrote or by a `fixtures capture`, and red against implementations
// that behave otherwise in what the traffic shows.
import t from "tap";
import { execFile } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { defaultFixturesPath, packageRoot } from "../../src/contract/paths.js";
import type { Fixture } from "../../src/fixtures/fixtures.js";
import { record, recordedCase, replayMatrix } from "./record-matrix.js";

const run = promisify(execFile);

/** The team's numbers: the package's first fixture's shape, with numbers and states of their own. */
function teamFixtures(): Fixture[] {
  const [template] = JSON.parse(readFileSync(defaultFixturesPath, "utf8")) as Fixture[];
  const number = (e164: string, own: Partial<Fixture>): Fixture => {
    const { Name: _, ...rest } = template!;
    return { ...rest, PhoneNumberId: encodeURIComponent(e164), E164PhoneNumber: e164, ...own };
  };
  const pending: Partial<Fixture> = { CallingName: "Pending Co", CallingNameStatus: "UpdateInProgress" };
  const abroad: Partial<Fixture> = { Country: "GB", ProductType: "SipMediaApplicationDialIn" };
  return [
    number("+12065550160", { Name: "Lobby" }),
    number("+12065550161", {}),
    number("+12065550162", {}),
    number("+12065550163", { ProductType: "SipMediaApplicationDialIn" }),
    number("+18005550164", { Type: "TollFree" }),
    number("+12065550170", pending),
    number("+12065550171", pending),
    number("+442079460060", { ...abroad, Name: "London" }),
    number("+442079460061", abroad),
  ];
}

const application = ["python3", join(packageRoot, "test", "proxy", "applications", "boto3-application.py")];
/** What each call was answered by the reference server: the traffic is what the tests say it is. */
const outcomes = [
  ...["200", "200", "200", "200"],
  ...["200", "409 ConflictException", "200"],
  ...["409 ConflictException", "200"],
  ...["400 BadRequestException", "200"],
  ...["404 NotFoundException", "400 BadRequestException"],
];

/** The team's fixtures, in a file in `folder`. */
function teamFixturesFile(folder: string): string {
  const held = join(folder, "team-fixtures.json");
  writeFileSync(held, JSON.stringify(teamFixtures()));
  return held;
}
const teamNumbers = teamFixtures().map((f) => f.E164PhoneNumber);

t.setTimeout(600_000);

const boto3 = await run("python3", ["-c", "import boto3"]).then(
  () => true,
  () => false,
);

t.test(
  "boto3's traffic, recorded from an implementation of a team's own, and replayed",
  { skip: !boto3 && "python3 with boto3 is not installed" },
  async (t) => {
    const folder = t.testdir();
    const rec = await record(t, application, { fixtures: teamFixturesFile(folder) }, folder);
    t.equal(rec.code, 0, `the proxy saw no finding in the traffic: ${rec.said}`);
    t.same(JSON.parse(rec.output), outcomes, "the traffic is what it says");
    const { numbers, steps } = recordedCase(rec);
    t.same(
      steps.slice(0, 2).map((s) => s.request),
      [
        { method: "GET", number: "number1" },
        { method: "GET", number: "number1", labelForm: "id" },
      ],
      "the PhoneNumberId passed back is the same number, spelled as a PhoneNumberId",
    );
    t.same(
      numbers,
      {
        number1: {},
        number2: { callingNameStatus: ["Unassigned", "UpdateFailed", "UpdateSucceeded"] },
        number3: {
          country: "US",
          type: "Local",
          productType: "VoiceConnector",
          callingNameStatus: "UpdateInProgress",
          name: "absent",
          callingName: "present",
        },
        number4: {
          country: "non-US",
          type: "Local",
          productType: "SipMediaApplicationDialIn",
          callingNameStatus: "Unassigned",
          name: "present",
          callingName: "absent",
        },
        number5: { unknown: true },
      },
      "updated numbers by what their statuses depend on, numbers only read (or refused) by all they showed",
    );
    t.same(steps.at(-1)?.request, { method: "GET", label: "%20" }, "the blank label sent as it was");
    await replayMatrix(t, rec, {
      numbers: teamNumbers,
      otherwise: [
        { fault: "the returned PhoneNumberId not decoded twice" },
        { fault: "VoiceConnector accepted outside the U.S." },
      ],
      flags: ["--exclude-tags", "coverage"],
    });
  },
);
