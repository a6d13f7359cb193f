// DESIGN, the coverage phase: a default run (no --generate) fails each implementation that gets one class of a
// request member wrong, citing the member's rule from a coverage-* case; the reference server passes. Each run
// here is the one coverage case that catches the fault (`--case`): a default run's hand-written cases come before
// the coverage phase and catch none of these (each was seen to pass the default run before the phase existed),
// and the whole default run, coverage phase included, passes the reference server in command.test.ts.
import t from "tap";
import { startServer } from "../../src/server/index.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { runCli } from "../helpers/cli.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { classFaultTable } from "./faulty/coverage-table.js";

t.setTimeout(300_000);

interface Report {
  cases: Array<{ id: string; outcome: string; findings: Array<{ rule: string }> }>;
}

const members = { V4: "callingname", V5: "name", V6: "producttype" } as const;
/** A stricter validator refuses valid values (the accepted classes catch it); a lenient one lets invalid ones in. */
const catching = (fault: (typeof classFaultTable)[number]) =>
  `coverage-${members[fault.rule]}-${fault.answer ? "accepted" : "refused"}`;

for (const fault of classFaultTable) {
  t.test(`${fault.rule}: ${fault.name}`, async (t) => {
    const server = await startServer({ logLevel: "silent" });
    const proxy = await startProxy(server.url, fault);
    t.teardown(async () => {
      await proxy.close();
      await server.close();
    });
    const file = join(t.testdir(), "r.json");
    const r = await runCli("test", "--target", proxy.url, "--case", catching(fault), "--reporter", `json:${file}`);
    t.equal(r.code, 1, `${catching(fault)} fails it`);
    const report = JSON.parse(readFileSync(file, "utf8")) as Report;
    const failed = report.cases.filter((c) => c.outcome === "failed");
    t.ok(
      failed.some((c) => c.id === catching(fault) && c.findings.some((f) => f.rule === fault.rule)),
      `${catching(fault)} cites ${fault.rule} (failed: ${failed.map((c) => c.id).join(", ")})`,
    );
  });
}
