// --record DIR is made, or found writable, before the proxy listens (a session is not lost when it stops), and a
// recording that cannot be written as it stops is one line and exit 2. Regression: Node's mkdir with `recursive`
// never returns for a folder under /proc (the kernel answers ENOENT, and Node tries again, forever).
import t from "tap";
import { rmSync, writeFileSync } from "node:fs";
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
