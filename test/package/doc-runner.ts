// Runs the shell blocks of the documentation as a reader would, against this checkout's build: bash runs the
// block as written, with `npx chime-voice-contract` resolved to dist/src/bin.js by an `npx` placed first on
// PATH (any other npx call goes to the real npx). A line that starts a server (`serve` or `proxy`, in the
// foreground or with `&`) is run in the background with its output kept, and the block goes on once the server
// printed its `listening on` line; when the block ends, each server still running is sent SIGTERM by its PID
// and its exit code is kept. Every process started here is ended by its own PID or process group.
import { type ChildProcess, spawn } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { createInterface } from "node:readline";
import { type LogicalLine, logicalLines, startsServer } from "./doc-blocks.js";

export interface Sandbox {
  /** The environment of every block: the `npx` shim first on PATH, a HOME of its own, fixed AWS settings. */
  env: NodeJS.ProcessEnv;
  bin: string;
}

/**
 * The reader's environment, the same on every machine: no AWS settings of the machine's own (profiles,
 * endpoints), but some credentials and a region, as any aws CLI call needs (a server without --auth sigv4
 * ignores signatures).
 */
export function sandbox(root: string, home: string): Sandbox {
  const bin = join(root, "dist", "src", "bin.js");
  const shims = join(home, ".shims");
  mkdirSync(shims, { recursive: true });
  const realNpx = (process.env.PATH ?? "")
    .split(delimiter)
    .map((dir) => join(dir, "npx"))
    .find((file) => existsSync(file));
  writeFileSync(
    join(shims, "npx"),
    `#!/bin/sh
# npx for the documentation's examples: chime-voice-contract is this checkout's build, anything else the real npx.
yes=
case "$1" in --yes|-y) yes=$1; shift;; esac
case "$1" in chime-voice-contract|chime-voice-contract@*) shift; exec '${process.execPath}' '${bin}' "$@";; esac
[ -n "$yes" ] && set -- "$yes" "$@"
exec '${realNpx ?? "npx-not-found"}' "$@"
`,
  );
  chmodSync(join(shims, "npx"), 0o755);
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env))
    if (!/^(AWS_|CHIME_VOICE_CONTRACT_)/.test(key)) env[key] = value;
  Object.assign(env, {
    PATH: `${shims}${delimiter}${process.env.PATH ?? ""}`,
    HOME: home,
    AWS_ACCESS_KEY_ID: "AKIDDOCSREADER",
    AWS_SECRET_ACCESS_KEY: "docs-reader-secret",
    AWS_REGION: "us-east-1",
    AWS_DEFAULT_REGION: "us-east-1",
    NO_COLOR: "1",
  });
  return { env, bin };
}

/** A server the block runs beside (`<!-- run: with serve ... -->`). */
export interface Running {
  url: string;
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
}

/** Starts `serve ...` or `proxy ...` from the build and resolves once it printed its `listening on` line. */
export function startServer(box: Sandbox, words: string[], cwd: string): Promise<Running> {
  const child = spawn(process.execPath, [box.bin, ...words], { cwd, env: box.env, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    const outcome = await within(exited, 10_000, () => child.kill("SIGKILL"));
    return { ...outcome, stderr };
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${words.join(" ")}: no 'listening on' line within 15 s: ${stderr.trim()}`));
    }, 15_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const url = /^listening on (\S+)$/.exec(line)?.[1];
      if (!url) return;
      clearTimeout(timer);
      resolve({ url, stop });
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`${words.join(" ")} exited ${code} before listening: ${stderr.trim()}`));
    });
  });
}

export interface BlockOutcome {
  code: number | null;
  /** The block's stdout and stderr, then what the servers it started wrote. */
  output: string;
  /** Each server the block started, by the line that started it: its exit code once stopped. */
  servers: Array<{ line: string; code: number | null; endedByBlock: boolean }>;
  timedOut: boolean;
  ms: number;
  /** CPU seconds (user and system) of the block's processes, the servers it started included. */
  cpuSeconds: number | undefined;
}

const prelude = `set -eo pipefail
__servers=()
# Waits for the server started on logical line N (PID $2) to print its listening line.
__started() {
  __servers+=("$1:$2")
  local i first
  for ((i = 0; i < 150; i++)); do
    first=
    IFS= read -r first <"$__run/$1.out" 2>/dev/null || true
    [[ $first == "listening on "* ]] && return 0
    kill -0 "$2" 2>/dev/null || { echo "line $1 ended before listening: $(cat "$__run/$1.err")" >&2; return 97; }
    sleep 0.1
  done
  echo "line $1: no 'listening on' line within 15 s" >&2
  return 97
}
# Stops every server still running (SIGTERM, by PID) and keeps each one's exit code; 127 from wait means the
# block itself already waited for it.
__stop() {
  local code=$? entry
  for entry in "\${__servers[@]}"; do kill -TERM "\${entry#*:}" 2>/dev/null || true; done
  for entry in "\${__servers[@]}"; do
    set +e
    wait "\${entry#*:}" 2>/dev/null
    echo "\${entry%%:*} $?" >>"$__run/stopped"
  done
  times >"$__run/times"
  exit "$code"
}
trap __stop EXIT
`;

/** The block as bash runs it: as written, except that each line starting a server is backgrounded and awaited. */
export function blockScript(text: string): { script: string; lines: LogicalLine[] } {
  const lines = logicalLines(text);
  const body = lines.map((line, n) =>
    startsServer(line.code)
      ? `${line.code.replace(/\s*&$/, "")} >"$__run/${n}.out" 2>"$__run/${n}.err" & __started ${n} $!`
      : line.source,
  );
  return { script: `${prelude}${body.join("\n")}\n`, lines };
}

/** Runs one block in `cwd`, its own process group, ended as a whole after `timeoutMs`. */
export async function runBlock(
  box: Sandbox,
  text: string,
  cwd: string,
  run: string,
  extraEnv: Record<string, string>,
  timeoutMs: number,
): Promise<BlockOutcome> {
  mkdirSync(run, { recursive: true });
  const { script, lines } = blockScript(text);
  writeFileSync(join(run, "block.sh"), script);
  const started = Date.now();
  const child: ChildProcess = spawn("bash", [join(run, "block.sh")], {
    cwd,
    env: { ...box.env, ...extraEnv, __run: run },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += String(chunk)));
  child.stderr!.on("data", (chunk) => (output += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  let timedOut = false;
  const code = await within(exited, timeoutMs, () => {
    timedOut = true;
    process.kill(-child.pid!, "SIGTERM");
    setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {
        // the group has ended
      }
    }, 2_000).unref();
  });
  const stopped = existsSync(join(run, "stopped")) ? readFileSync(join(run, "stopped"), "utf8").trim().split("\n") : [];
  const servers = stopped.map((entry) => {
    const [n, exit] = entry.split(" ").map(Number) as [number, number];
    for (const stream of ["out", "err"]) {
      const file = join(run, `${n}.${stream}`);
      if (existsSync(file)) output += readFileSync(file, "utf8");
    }
    return { line: lines[n]!.code, code: exit === 127 ? null : exit, endedByBlock: exit === 127 };
  });
  return { code, output, servers, timedOut, ms: Date.now() - started, cpuSeconds: childrenCpu(run) };
}

const portQueues = new Map<number, Promise<void>>();

/**
 * Runs `work` while holding the given ports, so that blocks on one documented port (4010, 4011) run one after
 * another whichever pages they are on. Ports are taken in ascending order, so two blocks never wait for each other.
 */
export async function withPorts<T>(ports: readonly number[], work: () => Promise<T>): Promise<T> {
  const releases: Array<() => void> = [];
  for (const port of [...ports].sort((a, b) => a - b)) {
    const previous = portQueues.get(port) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    portQueues.set(
      port,
      previous.then(() => mine),
    );
    await previous;
    releases.push(release);
  }
  try {
    return await work();
  } finally {
    for (const release of releases) release();
  }
}

/** The children's user and system time from bash's `times` (its second line: `0m1.250s 0m0.310s`). */
function childrenCpu(run: string): number | undefined {
  const file = join(run, "times");
  if (!existsSync(file)) return undefined;
  const seconds = [...(readFileSync(file, "utf8").split("\n")[1] ?? "").matchAll(/(\d+)m([\d.]+)s/g)].map(
    (m) => Number(m[1]) * 60 + Number(m[2]),
  );
  return seconds.length === 2 ? seconds[0]! + seconds[1]! : undefined;
}

/** The promise's value, or, after `ms`, `onTimeout()` called and the value still awaited. */
async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  const timer = setTimeout(onTimeout, ms);
  try {
    return await promise;
  } finally {
    clearTimeout(timer);
  }
}
