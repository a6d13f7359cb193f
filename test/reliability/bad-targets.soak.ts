// Part 5 of the reliability run: `test --target URL` as its own process against a target that stalls, one
// that resets every connection and one that streams an endless body, each from the first request after the
// probe. test/runner/faulty.e2e.ts runs the runner in process against targets that misbehave on some
// requests; here the process itself must exit (no handle left open), with 1, within the stated bound.
import t from "tap";
import { startServer } from "../../src/server/index.js";
import { badTargets, runnerAgainstBadTargets } from "../../bench/reliability/bad-targets.js";

t.test(
  `the runner ends with exit 1 within start-up plus four times --timeout against each of ${badTargets.length} bad targets`,
  async (t) => {
    const upstream = await startServer({ logLevel: "silent" });
    t.teardown(() => upstream.close());
    const result = await runnerAgainstBadTargets({
      build: "source",
      upstream: upstream.url,
      timeoutMs: 1_000,
      // One at a time, each within start-up (measured now, so that a busy machine does not fail it) + 4 x 1 s.
      startupMs: "measured",
    });
    t.same(result.findings, [], result.figures.join(", "));
    t.ok(result.pass);
  },
);
