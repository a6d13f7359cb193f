// Every command line the README shows in a shell block runs as written from a clone after `npm ci`: the
// CLI is called as `npx chime-voice-contract` (a bare `chime-voice-contract` is "command not found" there),
// the subcommand exists, and every flag parses with that subcommand's own flag table.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseFlags } from "../../src/cli/flags.js";
import { commands } from "../../src/commands/index.js";
import { packageRoot } from "../../src/contract/index.js";

const readme = readFileSync(join(packageRoot, "README.md"), "utf8");
/** Shell lines of the README's sh blocks, continuations joined and comments dropped, as a shell reads them. */
const shellLines = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)]
  .flatMap((m) => m[1]!.replace(/\\\n\s*/g, " ").split("\n"))
  .map((l) => l.replace(/(^|\s)#\s.*$/, "").trim())
  .filter((l) => /\bchime-voice-contract\b(?![-/.])/.test(l));

/**
 * Each call of the CLI in a line: where `chime-voice-contract` stands as a command (at the start of the line
 * or after `&&`, `;`, `|`, optionally behind `npx [--yes]`), not as a folder name in `git clone` or `cd`.
 * Returns whether npx runs it and the words up to the end of that command.
 */
function invocations(line: string): Array<{ npx: boolean; words: string[] }> {
  const found: Array<{ npx: boolean; words: string[] }> = [];
  const pattern =
    /(?:^|&&|;|\|)\s*(npx(?: --yes)? )?chime-voice-contract(?:@[\w.-]+)?((?:\s+(?:'[^']*'|"[^"]*"|[^\s&|;>]+))*)/g;
  for (const m of line.matchAll(pattern)) {
    const words = (m[2]!.match(/'[^']*'|"[^"]*"|\S+/g) ?? []).map((w) => w.replace(/^(['"])(.*)\1$/, "$2"));
    found.push({ npx: m[1] !== undefined, words });
  }
  return found;
}

t.test("the README shows command lines", async (t) => {
  t.ok(shellLines.length >= 10, `${shellLines.length} lines`);
});

for (const line of shellLines) {
  for (const { npx, words } of invocations(line)) {
    t.test(line, async (t) => {
      t.ok(npx, "called through npx");
      const [name, ...argv] = words;
      if (name === "--version" || name === "--help") return;
      const entry = commands.find((c) => c.name === name);
      t.ok(entry, `'${name}' is a command`);
      if (!entry) return;
      const command = await entry.load();
      // A command whose usage starts with a verb (`fixtures capture ...`) takes it before its flags.
      const verb = argv[0] !== undefined && !argv[0].startsWith("--") && command.usage?.startsWith(argv[0]);
      // `serve [flags] -- COMMAND`: what follows `--` is COMMAND's, as the CLI splits it.
      const separator = argv.indexOf("--");
      if (separator !== -1) t.ok(command.takesCommand, `'${name}' runs a command after '--'`);
      const flags = separator === -1 ? argv : argv.slice(0, separator);
      t.doesNotThrow(() => parseFlags(name!, command.flags, verb ? flags.slice(1) : flags), "every flag parses");
    });
  }
}
