// --record DIR is made, or found writable, before the proxy listens (a session is not lost when it stops), and a
// recording that cannot be written as it stops is one line and exit 2. Regression: Node's mkdir with `recursive`
// never returns for a folder under /proc (the kernel answers ENOENT, and Node tries again, forever).
import t from "tap";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { runCli } from "../helpers/cli.js";
import { answeringTarget, startProxyCommand } from "./helpers.js";

t.test("a --record DIR that cannot be a folder is one line and exit 2, before listening", async (t) => {
  const file = join(t.testdir(), "a-file");
  writeFileSync(file, "");
  const table: Array<[string, string, RegExp]> = [
    ["a file", file, /^chime-voice-contract proxy: --record .*a-file: is not a folder\n$/],
    [
      "under a file",
      join(file, "recorded"),
      /^chime-voice-contract proxy: --record .*: cannot be written \(ENOTDIR\)\n$/,
    ],
    [
      "under /proc",
      "/proc/no-such-process/recorded",
      /^chime-voice-contract proxy: --record .*: cannot be written \(ENOENT\)\n$/,
    ],
  ];
  for (const [name, dir, said] of table) {
    const r = await runCli("proxy", "--target", "http://127.0.0.1:9", "--port", "0", "--record", dir);
    t.equal(r.code, 2, name);
    t.equal(r.out, "", `${name}: never listened`);
    t.match(r.err, said, name);
  }
});

t.test("a folder gone by the time the proxy stops: one line, exit 2", async (t) => {
  const target = await answeringTarget(t);
  const dir = join(t.testdir(), "recorded");
  const proxy = await startProxyCommand("--target", target.url, "--record", dir);
  await (await fetch(`${proxy.url}/phone-numbers/%2B12065550100`)).arrayBuffer();
  rmSync(dir, { recursive: true });
  writeFileSync(dir, "");
  t.equal(await proxy.stop(), 2);
  t.match(proxy.output.err, /^chime-voice-contract proxy: the recording could not be written to .*recorded \(\w+\)$/m);
});

t.test(
  "a number answered nested deeper than a fixtures file holds is recorded, but written as no fixture",
  async (t) => {
    // Regression: the recorder wrote the first clean answer of each number as its fixture whatever its depth, so a
    // 200-level member went into the fixtures file that `fixtures capture` refuses past 64 levels (writtenJsonDepth).
    const nested = (levels: number) => `${"[".repeat(levels)}${"]".repeat(levels)}`;
    const numbers: Record<string, string> = {
      "+12065550100": `{"PhoneNumber":{"PhoneNumberId":"%2B12065550100","E164PhoneNumber":"+12065550100","Country":"US","Type":"Local","ProductType":"VoiceConnector","Status":"Assigned","CallingNameStatus":"Unassigned","Extra":${nested(200)}}}`,
      "+12065550101": `{"PhoneNumber":{"PhoneNumberId":"%2B12065550101","E164PhoneNumber":"+12065550101","Country":"US","Type":"Local","ProductType":"VoiceConnector","Status":"Assigned","CallingNameStatus":"Unassigned","Extra":${nested(60)}}}`,
    };
    let n = 0;
    const target = createServer((req, res) => {
      const e164 = decodeURIComponent((req.url ?? "").slice("/phone-numbers/".length));
      res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": `deep-${++n}` }).end(numbers[e164]);
    });
    await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
    t.teardown(() => new Promise<void>((resolve) => target.close(() => resolve())));
    const dir = join(t.testdir(), "recorded");
    const proxy = await startProxyCommand(
      "--target",
      `http://127.0.0.1:${(target.address() as AddressInfo).port}`,
      "--record",
      dir,
    );
    for (const e164 of Object.keys(numbers)) {
      const res = await fetch(`${proxy.url}/phone-numbers/${encodeURIComponent(e164)}`);
      t.equal(res.status, 200);
      await res.arrayBuffer();
    }
    t.equal(await proxy.stop(), 0, proxy.output.err);
    t.match(proxy.output.err, /recorded 2 steps on 2 numbers in .*, their numbers in .*\.fixtures\.json/);
    const file = readdirSync(dir).find((f) => f.endsWith(".fixtures.json"))!;
    const fixtures = JSON.parse(readFileSync(join(dir, file), "utf8")) as Array<{ E164PhoneNumber: string }>;
    t.same(
      fixtures.map((f) => f.E164PhoneNumber),
      ["+12065550101"],
      "the number answered 60 levels deep is a fixture; the one answered 200 levels deep is not",
    );
  },
);
