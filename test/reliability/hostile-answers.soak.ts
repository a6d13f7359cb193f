// Part 6 of the reliability run: the runner as its own process against targets whose every answer is hostile,
// with a short --timeout so that the bound (start-up plus four times --timeout) is checked in seconds.
import t from "tap";
import { hostileAnswers, runnerAgainstHostileAnswers } from "../../bench/reliability/hostile-answers.js";

t.test(
  `the runner ends with exit 1, every report written, against each of ${hostileAnswers.length} hostile answers`,
  async (t) => {
    const result = await runnerAgainstHostileAnswers({ build: "built", startupMs: "measured", timeoutMs: 1_000 });
    t.same(result.findings, [], result.figures.join(", "));
    t.ok(result.pass);
  },
);
