// Every shell example of README.md and docs/*.md holds as written. Each block says, in the comment before it,
// how it is checked (doc-blocks.ts has the grammar): a block without one fails here, so a new example cannot
// escape. In every block, each call of the CLI goes through `npx chime-voice-contract` (a bare
// `chime-voice-contract` is "command not found" in a clone), names a command, and its flags parse with that
// command's own table. Blocks that need only loopback then run, in page order, in one working folder per page
// (as a reader following the page), against this checkout's build (`npm run build` first): the exit code is
// the one the comment names (0 unless it says otherwise), and the output holds what it says the block prints.
// Pages run two at a time, their blocks in order; blocks on the documented ports 4010 and 4011 wait for each other.
import t, { type Test } from "tap";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseFlags } from "../../src/cli/flags.js";
import { commands } from "../../src/commands/index.js";
import { packageRoot } from "../../src/contract/index.js";
import {
  type Block,
  blocksOf,
  invocations,
  logicalLines,
  type Marker,
  parseMarker,
  portsOf,
  startsServer,
} from "./doc-blocks.js";
import { runBlock, sandbox, startServer, withPorts } from "./doc-runner.js";

const pages = ["README.md", ...readdirSync(join(packageRoot, "docs")).map((f) => `docs/${f}`)]
  .filter((f) => f.endsWith(".md"))
  .sort();
const blocks = pages.flatMap((file) => blocksOf(file, readFileSync(join(packageRoot, file), "utf8")));
const shellBlocks = blocks.filter((b): b is Extract<Block, { type: "shell" }> => b.type === "shell");
/** Commands no block can run on loopback alone, and why. */
const onlyParsed: Record<string, string> = { drift: "it needs the official model, downloaded from GitHub" };

t.test("the harness reads the shell as a shell does", async (t) => {
  const cases: Array<[string, { given: string; want: unknown; of: (text: string) => unknown }]> = [
    [
      "a quoted newline, a continuation and a comment",
      {
        given: "echo '[1,\n 2]' > a.json\nnpx chime-voice-contract serve \\\n  --port 0 &   # listening on ...\n",
        of: (text) => logicalLines(text).map((l) => l.code),
        want: ["echo '[1,\n 2]' > a.json", "npx chime-voice-contract serve    --port 0 &"],
      },
    ],
    [
      "calls after operators, behind env assignments and npx --yes, not as a folder name",
      {
        given:
          "git clone URL chime-voice-contract && cd chime-voice-contract && A=1 npx --yes chime-voice-contract@0.1.0 test --tags 's8' >out.txt 2>&1; chime-voice-contract lint",
        of: invocations,
        want: [
          { npx: true, argv: ["test", "--tags", "s8"] },
          { npx: false, argv: ["lint"] },
        ],
      },
    ],
    [
      "a server in the foreground or the background starts a server; with -- COMMAND or in a pipe it does not",
      {
        given: "",
        of: () =>
          [
            "npx chime-voice-contract serve --port 4010",
            "npx chime-voice-contract proxy --target http://127.0.0.1:4010 &",
            "npx chime-voice-contract serve -- npm test",
            "npx chime-voice-contract serve | tee log",
            "npx chime-voice-contract test",
          ].map(startsServer),
        want: [true, true, false, false, false],
      },
    ],
    [
      "markers: each form, and mistakes named",
      {
        given: "",
        of: () =>
          [
            "loopback",
            "with serve --port 0 --latency 2s as SERVICE_URL; exit 1; prints '\"numbers\":46'; in the clone",
            "parse-only (needs AWS credentials)",
            "parse-only",
            "loopback; prints 5",
            "with curl example.com",
          ].map((m) => {
            const marker = parseMarker(m);
            return marker.kind === "invalid" ? "invalid" : marker;
          }),
        want: [
          { kind: "run", exit: 0, prints: [], inClone: false },
          {
            kind: "run",
            server: { words: ["serve", "--port", "0", "--latency", "2s"], as: "SERVICE_URL" },
            exit: 1,
            prints: ['"numbers":46'],
            inClone: true,
          },
          { kind: "parse-only", reason: "needs AWS credentials" },
          "invalid",
          "invalid",
          "invalid",
        ],
      },
    ],
    [
      "a shell block without a comment, and a run comment before a block that is not shell",
      {
        given: "```sh\nnpx chime-voice-contract lint\n```\n\n<!-- run: loopback -->\n```js\nx\n```\n",
        of: (text) => blocksOf("x.md", text).map((b) => (b.type === "shell" ? b.marker.kind : b.type)),
        want: ["invalid", "invalid"],
      },
    ],
  ];
  for (const [name, { given, want, of }] of cases) t.same(of(given), want, name);
});

t.test("the pages show command lines, and every command is shown and, where it can be, run", async (t) => {
  t.ok(shellBlocks.length >= 20, `${shellBlocks.length} shell blocks in ${pages.join(", ")}`);
  const shown = new Map<string, Marker["kind"][]>();
  for (const block of shellBlocks)
    for (const line of logicalLines(block.text))
      for (const call of invocations(line.code)) {
        const kinds = shown.get(call.argv[0] ?? "") ?? [];
        kinds.push(block.marker.kind === "invalid" ? "parse-only" : block.marker.kind);
        shown.set(call.argv[0] ?? "", kinds);
      }
  for (const { name } of commands) {
    t.ok(shown.has(name), `${name} is shown in a shell block`);
    if (onlyParsed[name]) t.notOk(shown.get(name)?.includes("run"), `${name} is only parsed: ${onlyParsed[name]}`);
    else t.ok(shown.get(name)?.includes("run"), `${name} is run by a block`);
  }
});

// Some 45 runs of the CLI, the aws CLI and tsx. On a 2-core machine shared with other work (load average 11-13)
// the file took 92 s of CPU and 156 s; there a full `test` run costs 2.6 s of CPU, three times what bench:suite
// measures on a quiet machine, where the file should take about half a minute (estimated, not measured: no
// quiet machine was at hand). The timeout covers the busy machine.
t.setTimeout(300_000);
const workRoot = mkdtempSync(join(tmpdir(), "chime-voice-contract-docs-"));
t.teardown(() => rmSync(workRoot, { recursive: true, force: true }));
const box = sandbox(packageRoot, join(workRoot, "home"));
let blockNumber = 0;

/** Each call of the CLI in the block goes through npx, names a command, and parses with its flag table. */
async function parsesAsWritten(t: Test, text: string): Promise<void> {
  for (const line of logicalLines(text))
    for (const { npx, argv } of invocations(line.code)) {
      t.ok(npx, `called through npx: ${line.code}`);
      const [name, ...rest] = argv;
      if (name === "--version" || name === "--help") continue;
      const entry = commands.find((c) => c.name === name);
      t.ok(entry, `'${name}' is a command`);
      if (!entry) continue;
      const command = await entry.load();
      // The command line is split at the first `--`: what follows is the command to run, not flags.
      const split = rest.indexOf("--");
      if (split !== -1) t.ok(command.takesCommand, `'${name}' runs a command after '--': ${line.code}`);
      const flags = split === -1 ? rest : rest.slice(0, split);
      const words = command.subcommand && flags[0] === command.subcommand ? flags.slice(1) : flags;
      t.doesNotThrow(() => parseFlags(name!, command.flags, words), `every flag parses: ${line.code}`);
    }
}

/** Runs the block as its comment says and checks the exit code, the output and how its servers ended. */
async function runsAsDocumented(t: Test, text: string, marker: Extract<Marker, { kind: "run" }>, folder: string) {
  const cwd = marker.inClone ? packageRoot : folder;
  const server = marker.server ? await startServer(box, marker.server.words, cwd) : undefined;
  const env = server && marker.server?.as ? { [marker.server.as]: server.url } : {};
  const outcome = await runBlock(box, text, cwd, join(workRoot, "runs", String(++blockNumber)), env, 60_000);
  const stopped = await server?.stop();
  const shown = `\n--- output (${outcome.ms} ms) ---\n${outcome.output}`;
  t.comment(`${outcome.ms} ms, ${outcome.cpuSeconds?.toFixed(2) ?? "?"} s of CPU`);
  t.notOk(outcome.timedOut, `ends within 60 s${outcome.timedOut ? shown : ""}`);
  t.equal(outcome.code, marker.exit, `exit ${marker.exit}${outcome.code === marker.exit ? "" : shown}`);
  for (const printed of marker.prints)
    t.ok(outcome.output.includes(printed), `prints ${printed}${outcome.output.includes(printed) ? "" : shown}`);
  for (const s of outcome.servers)
    if (!s.endedByBlock) t.equal(s.code, 0, `'${s.line}' exits 0 on SIGTERM${s.code === 0 ? "" : shown}`);
  if (stopped)
    t.equal(stopped.code, 0, `${marker.server!.words.join(" ")} exits 0 on SIGTERM ${stopped.stderr.trim()}`);
}

// Two pages at a time (the waits of one overlap the other's work); within a page, blocks in order.
t.jobs = 2;
for (const page of pages) {
  t.test(page, async (t) => {
    const folder = join(workRoot, page.replace(/\W/g, "-"));
    mkdirSync(folder, { recursive: true });
    for (const block of blocks.filter((b) => b.file === page)) {
      if (block.type === "file") {
        // Written when reached, so that the page's later blocks find it, as a reader who saved it would.
        mkdirSync(dirname(join(folder, block.path)), { recursive: true });
        writeFileSync(join(folder, block.path), block.text);
        continue;
      }
      const { marker } = block;
      await t.test(
        `${page}:${block.line} (${marker.kind === "invalid" ? "no valid run comment" : marker.kind})`,
        async (t) => {
          if (marker.kind === "invalid") return void t.fail(marker.message);
          await parsesAsWritten(t, block.text);
          if (marker.kind === "run")
            await withPorts(portsOf(block.text, marker.server), () => runsAsDocumented(t, block.text, marker, folder));
        },
      );
    }
  });
}
