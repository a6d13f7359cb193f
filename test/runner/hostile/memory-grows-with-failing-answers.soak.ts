// Regression: each failing exchange kept its whole body (up to 1 MiB, 2 MiB in memory when not UTF-8) although
// reports show 2 KB: peak RSS 632 MB for the default suite, and with a 1 GB heap a --generate run died (exit
// 134, no reports). The runner keeps what reports show. Measured on the runner as its own process (VmHWM).
import t from "tap";
import { runnerAgainstHostileAnswers } from "../../../bench/reliability/hostile-answers.js";

t.test("memory grows with failing answers: 1 MiB bodies that are not UTF-8, the default suite", async (t) => {
  const result = await runnerAgainstHostileAnswers({
    build: "built",
    startupMs: "measured",
    timeoutMs: 2_000,
    only: ["1 MiB bodies that are not UTF-8"],
  });
  t.same(result.findings, [], result.figures.join(", "));
});

t.test(
  "memory grows with failing answers: the default suite completes, all reports written, in a 96 MB heap",
  async (t) => {
    const result = await runnerAgainstHostileAnswers({
      build: "built",
      startupMs: "measured",
      timeoutMs: 2_000,
      only: ["1 MiB bodies that are not UTF-8"],
      env: { NODE_OPTIONS: "--max-old-space-size=96" },
    });
    t.same(result.findings, [], result.figures.join(", "));
  },
);
