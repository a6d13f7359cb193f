// --record DIR with the runner's own traffic, `proxy --record DIR -- chime-voice-contract test --target PROXY` (every
// default case, S8's updates sent at once, the numbers read before and after; the coverage phase's few hundred
// validation requests left out, to keep the test short): the recording replays green against the reference server,
// fresh or as the recording left it, with either fixtures file, and red against an implementation that behaves
// otherwise in what the traffic shows.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { defaultFixturesPath, packageRoot } from "../../src/contract/paths.js";
import type { Fixture } from "../../src/fixtures/fixtures.js";
import { record, recordedCase, replayMatrix } from "./record-matrix.js";

t.setTimeout(600_000);

t.test("the runner's traffic, recorded and replayed", async (t) => {
  const bin = join(packageRoot, "dist", "src", "bin.js");
  const runner = [
    "sh",
    "-c",
    `exec "${process.execPath}" "${bin}" test --target "$CHIME_VOICE_CONTRACT_URL" --exclude-tags coverage`,
  ];
  const rec = await record(t, runner);
  t.equal(rec.code, 0, `the run through the proxy passed, and the proxy saw no finding: ${rec.said}`);
  const recorded = recordedCase(rec);
  t.ok(recorded.steps.length > 300, `every exchange a step (${recorded.steps.length})`);
  // The numbers a user of the runner knows it used: those of the fixtures it was given (the package's).
  const numbers = (JSON.parse(readFileSync(defaultFixturesPath, "utf8")) as Fixture[]).map((f) => f.E164PhoneNumber);
  await replayMatrix(t, rec, {
    numbers,
    otherwise: [{ fault: "unknown members refused" }],
    flags: ["--exclude-tags", "coverage"],
  });
});
