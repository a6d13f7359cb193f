// What a newcomer types first: `--help` lists every command, each command's `--help` lists every flag of
// its table with its default, and `--version` prints the package's version. Driven by the flag tables
// themselves, so a flag added later without a default shown fails here.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runCli as run } from "../helpers/cli.js";
import { commands } from "../../src/commands/index.js";
import { packageRoot } from "../../src/contract/index.js";

t.test("--help lists every command with its summary (exit 0)", async (t) => {
  for (const flag of ["--help", "-h", "help"]) {
    const r = await run(flag);
    t.equal(r.code, 0, flag);
    for (const c of commands) t.match(r.out, new RegExp(`^  ${c.name} +\\S`, "m"), `${flag} lists ${c.name}`);
  }
});

for (const entry of commands) {
  const command = await entry.load();
  t.test(`${command.name} --help lists every flag with its default (exit 0, nothing else done)`, async (t) => {
    const r = await run(command.name, "--help");
    t.equal(r.code, 0);
    t.equal(r.err, "");
    t.match(r.out, new RegExp(`^Usage: chime-voice-contract ${command.name} `));
    const lines = r.out.split("\n");
    for (const flag of command.flags) {
      const line = lines.find((l) => new RegExp(`^  --${flag.name}(?: \\S+)? {2,}`).test(l));
      t.ok(line, `--${flag.name} is listed`);
      t.match(line ?? "", /[(;] ?default: .+\)$/, `--${flag.name} shows its default`);
      if (flag.default !== undefined)
        t.match(line ?? "", `default: ${String(flag.default)}`, `--${flag.name}: the default applied is the one shown`);
    }
  });
}

t.test("--version and -v print the package.json version", async (t) => {
  const { version } = JSON.parse(readFileSync(join(packageRoot, "package.json"), "utf8")) as { version: string };
  for (const flag of ["--version", "-v"]) {
    const r = await run(flag);
    t.equal(r.code, 0);
    t.equal(r.out, `${version}\n`);
  }
});

t.test("no command at all is a usage error that still shows the usage (exit 2)", async (t) => {
  const r = await run();
  t.equal(r.code, 2);
  t.match(r.out, /^Usage: chime-voice-contract <command>/);
});
