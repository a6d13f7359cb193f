import t from "tap";
import { runConformance, SetupError, type ConformanceOptions } from "../../src/runner/run.js";
import { startServer } from "../../src/server/index.js";

// The runner starts no server of its own: a caller from JavaScript that leaves the target out is told what to pass.
t.test("runConformance without a target is a SetupError naming the base URL it needs", async (t) => {
  const events = runConformance({} as ConformanceOptions);
  await t.rejects(events.next(), SetupError);
  await t.rejects(runConformance({} as ConformanceOptions).next(), /needs a target: the base URL/);
});

t.test("a reference server the caller started is a target like any other, not reported as embedded", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  t.teardown(() => server.close());
  const run = runConformance({ target: server.url });
  const first = await run.next();
  await run.return(undefined);
  t.match(first.value, { type: "run-start", target: server.url, embedded: false });
});
