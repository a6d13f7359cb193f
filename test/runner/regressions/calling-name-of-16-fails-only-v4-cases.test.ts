// Regression: a target that accepted a 16-character CallingName failed 14 cases, 13 of them about V3, V5, W1,
// W2 and W5, because read-only cases shared a number that the V4 case's accepted update had changed. Each case
// now judges what its numbers hold when it starts, and cases sharing a number run one after another.
import t from "tap";
import { runConformance, type RunnerEvent } from "../../../src/index.js";
import { startServer } from "../../../src/server/index.js";
import { startProxy } from "../../../bench/support/faulty-proxy.js";
import { faultyTargets } from "../faulty/table.js";

t.test("a target that accepts a 16-character CallingName fails the V4 cases and no other", async (t) => {
  const fault = faultyTargets.find((f) => f.name === "a 16-character CallingName accepted")!;
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  const proxy = await startProxy(server.url, fault);
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  const ends: Array<Extract<RunnerEvent, { type: "case-end" }>> = [];
  let exitCode: number | undefined;
  for await (const e of runConformance({ target: proxy.url })) {
    if (e.type === "case-end") ends.push(e);
    if (e.type === "run-end") exitCode = e.exitCode;
  }
  t.equal(exitCode, 1, "exit 1");
  const failed = ends.filter((e) => e.outcome === "failed");
  t.ok(failed.length >= 1, `at least one case fails (${failed.map((e) => e.case.id).join(", ")})`);
  t.same(
    failed.filter((e) => !e.case.rules.includes("V4")).map((e) => e.case.id),
    [],
    "every failing case is a V4 case",
  );
  t.ok(
    failed.every((e) => e.findings.some((f) => f.rule === "V4")),
    "each failing case cites V4",
  );
  t.equal(ends.filter((e) => e.outcome === "not-run").length, 0, "every case ran");
});
