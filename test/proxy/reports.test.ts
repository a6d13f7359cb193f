// Regression: the proxy's JSON report broke its own schema whenever an exchange passed (`/cases/0/line must be
// >= 1`: the case counting passed exchanges had line 0), and its human report opened `chime-voice-contract test:
// 1 cases against ...`. Every report the built proxy writes, from real traffic through it, read as its consumer
// reads it: JSON against the published schema, TAP through tap-parser, JUnit as XML; each header names `proxy`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import t from "tap";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { startServer } from "../../src/server/index.js";
import { faultyTargets } from "../runner/faulty/table.js";
import { checkXml, readJsonReport, readTap } from "../runner/hostile/reports.js";
import { startProxyProcess } from "./process.js";

const number = "/phone-numbers/%2B12065550100";

t.test("every report of the proxy, passed and failing exchanges alike, is what its format promises", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0, logLevel: "silent" });
  const noRequestId = await startProxy(server.url, faultyTargets.find((f) => f.name === "no x-amzn-RequestId")!);
  t.teardown(async () => {
    await noRequestId.close();
    await server.close();
  });
  for (const [what, target, reads, failing] of [
    ["one passed exchange", server.url, 1, 0],
    ["two failing exchanges", noRequestId.url, 2, 2],
  ] as const) {
    await t.test(what, async (t) => {
      const dir = t.testdir();
      const file = (ext: string) => join(dir, `proxy.${ext}`);
      const proxy = await startProxyProcess(
        "--target",
        target,
        ...["json", "human", "tap", "junit", "html"].flatMap((r) => ["--reporter", `${r}:${file(r)}`]),
      );
      for (let i = 0; i < reads; i++) await (await fetch(`${proxy.url}${number}`)).arrayBuffer();
      const stopped = await proxy.stop("SIGINT");
      t.equal(stopped.code, failing ? 1 : 0, stopped.stderr);
      const json = readJsonReport(file("json"));
      t.equal(json.cases.length, failing || 1);
      t.match(json, { command: "proxy" });
      const cases = failing ? `${failing} cases` : "1 case";
      t.match(readFileSync(file("human"), "utf8"), new RegExp(`^chime-voice-contract proxy: ${cases} against `));
      t.match(readFileSync(file("human"), "utf8"), new RegExp(` of ${cases} in `), "the verdict's plural");
      const tap = await readTap(file("tap"));
      t.match(tap.text, /^TAP version 14\n# chime-voice-contract proxy against /);
      t.equal(tap.count, failing || 1);
      t.match(checkXml(file("junit")), /<property name="command" value="proxy"\/>/);
      t.match(readFileSync(file("html"), "utf8"), /<title>chime-voice-contract proxy report<\/title>/);
      const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? "" : "s"}`;
      t.match(stopped.stderr, `proxy: ${plural(reads, "exchange")}, ${plural(failing, "finding")}`);
    });
  }
});
