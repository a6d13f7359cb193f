// The record/replay matrix (DESIGN "Record and replay"), every command through the built command line on loopback:
// an application's traffic through `proxy --record DIR` in front of an implementation (`serve`, or `serve` behind a
// faulty proxy of test/runner/faulty/table.ts), then `test --cases DIR` against a freshly started one, against the
// one the recording left, with the fixtures file --record wrote and with one `fixtures capture` wrote, and against
// implementations that behave otherwise in what the traffic shows.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Test } from "tap";
import { parse } from "yaml";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { runBuiltCli, startBuiltCli } from "../helpers/built-cli.js";
import { faultyTargets } from "../runner/faulty/table.js";

/** An implementation: the reference server started with `fixtures` (the package's when absent), broken by `fault`. */
export interface Implementation {
  fixtures?: string;
  fault?: string;
}

export interface Recording extends Implementation {
  /** The folder --record wrote into (what `test --cases` takes). */
  dir: string;
  /** The case file and the fixtures file --record wrote (the latter "" when it wrote none). */
  cases: string;
  recordedFixtures: string;
  /** The implementation recorded from, as the recording left it. */
  target: string;
  /** What the proxy said on stderr, and its exit code. */
  said: string;
  code: number | null;
}

/** A freshly started implementation, its URL: `serve` from the build on a free port, stopped at the test's end. */
export async function implementation(t: Test, which: Implementation): Promise<string> {
  const serve = startBuiltCli(["serve", "--port", "0", ...(which.fixtures ? ["--fixtures", which.fixtures] : [])]);
  t.teardown(() => {
    serve.child.kill("SIGTERM");
    return serve.finished;
  });
  await serve.waitFor(/^listening on \S+$/m);
  const url = /^listening on (\S+)$/m.exec(serve.output().stdout)![1]!;
  if (!which.fault) return url;
  const fault = faultyTargets.find((f) => f.name === which.fault);
  if (!fault) throw new Error(`no fault named ${which.fault} in test/runner/faulty/table.ts`);
  const faulty = await startProxy(url, fault);
  t.teardown(() => faulty.close());
  return faulty.url;
}

const named = (which: Implementation) =>
  `${which.fault ? `a faulty implementation (${which.fault})` : "the reference server"}${which.fixtures ? " holding numbers of its own" : ""}`;

/**
 * The application's own environment beside what `proxy -- COMMAND` sets (the endpoint, and keys and a region where
 * it has none): no profile of this machine's.
 */
const applicationEnv = { AWS_CONFIG_FILE: "/dev/null", AWS_SHARED_CREDENTIALS_FILE: "/dev/null" };

/**
 * `proxy --target IMPLEMENTATION --record DIR -- APPLICATION...`, as a team records its application's traffic, in
 * front of a freshly started implementation; `output` is what the application printed. DIR is in `folder` (the
 * test's own folder when not given: `t.testdir()` empties it).
 */
export async function record(
  t: Test,
  application: readonly string[],
  from: Implementation = {},
  folder?: string,
): Promise<Recording & { output: string }> {
  const dir = join(folder ?? t.testdir(), "recorded");
  const target = await implementation(t, from);
  const run = await runBuiltCli(
    ["proxy", "--target", target, "--record", dir, "--", ...application],
    applicationEnv,
    300_000,
  );
  const files = existsSync(dir) ? readdirSync(dir) : [];
  const cases = files.filter((f) => f.endsWith(".yaml"));
  const fixtures = files.filter((f) => f.endsWith(".fixtures.json"));
  t.equal(cases.length, 1, "one case file");
  t.equal(fixtures.length, 1, "one fixtures file beside it");
  const rec = {
    ...from,
    dir,
    cases: join(dir, cases[0] ?? ""),
    recordedFixtures: fixtures[0] ? join(dir, fixtures[0]) : "",
    target,
    said: run.stderr,
    code: run.code,
    output: run.stdout,
  };
  t.ok(rec.said.includes(` in ${rec.cases}, their numbers in ${rec.recordedFixtures};`), "the proxy says both paths");
  return rec;
}

/** The recorded case file, parsed. */
export function recordedCase(rec: Recording) {
  const file = parse(readFileSync(rec.cases, "utf8")) as {
    cases: Array<{ numbers: Record<string, Record<string, unknown>>; steps: Array<Record<string, unknown>> }>;
  };
  return file.cases[0]!;
}

/** The numbers of the fixtures file --record wrote. */
export function recordedNumbers(rec: Recording): string[] {
  if (!rec.recordedFixtures || !existsSync(rec.recordedFixtures)) return [];
  return (JSON.parse(readFileSync(rec.recordedFixtures, "utf8")) as Array<{ E164PhoneNumber: string }>).map(
    (f) => f.E164PhoneNumber,
  );
}

/** `test --cases DIR` against `target`, as a user replays; `passed`: the recorded case's own TAP line is a plain `ok`. */
export async function replay(rec: Recording, target: string, ...flags: string[]) {
  const r = await runBuiltCli(
    ["test", "--target", target, "--cases", rec.dir, "--reporter", "tap", ...flags],
    {},
    180_000,
  );
  const line = /^(not ok|ok) \d+ - recorded-.*$/m.exec(r.stdout)?.[0] ?? "";
  const failures = r.stdout
    .split("\n")
    .filter((l) => /^\s+message: /.test(l))
    .slice(0, 5)
    .join("\n");
  return { ...r, line, passed: line.startsWith("ok ") && !line.includes("# SKIP"), failures };
}

export interface Matrix {
  /** The numbers the application addressed: what its team would give `fixtures capture --numbers`. */
  numbers: readonly string[];
  /** Implementations that behave otherwise in what the traffic shows: a replay against each must fail. */
  otherwise: readonly Implementation[];
  /**
   * Flags of every replay beyond those the cell needs: `--exclude-tags coverage` where the matrix need not show once
   * more that the default command's coverage phase and a recording share a target (the JS SDK's matrix shows it),
   * or where the implementation recorded from breaks rules the coverage phase checks.
   */
  flags?: readonly string[];
}

/**
 * Each cell a test, in this order (the implementation the recording left is replayed against twice: as left, then
 * as that replay left it, with what a capture says it holds). An implementation started with fixtures of its own
 * holds numbers the package's fixtures do not name: every replay against it is told the numbers (`--fixtures`).
 */
export async function replayMatrix(t: Test, rec: Recording, matrix: Matrix): Promise<void> {
  const green = (t: Test, r: Awaited<ReturnType<typeof replay>>) => {
    t.equal(r.code, 0, `exit 0: ${r.stderr.trim().split("\n").pop()}\n${r.failures}`);
    t.ok(r.passed, `the recorded case ran and passed: ${r.line}`);
  };
  const flags = matrix.flags ?? [];
  const own = [...(rec.fixtures ? ["--fixtures", rec.recordedFixtures] : []), ...flags];
  const from = named(rec);
  await t.test(`green against ${from}, freshly started${rec.fixtures ? ", with --record's fixtures" : ""}`, async (t) =>
    green(t, await replay(rec, await implementation(t, rec), ...own)),
  );
  await t.test(`green against ${from} as the recording left it`, async (t) =>
    green(t, await replay(rec, rec.target, ...own)),
  );
  if (!rec.fixtures)
    await t.test(`green with the fixtures file --record wrote, against ${from} freshly started`, async (t) => {
      t.ok(rec.recordedFixtures, "--record wrote a fixtures file");
      if (rec.recordedFixtures)
        green(t, await replay(rec, await implementation(t, rec), "--fixtures", rec.recordedFixtures, ...flags));
    });
  await t.test(`green with a fixtures capture of the application's numbers, against ${from} as left`, async (t) => {
    const captured = join(t.testdir(), "captured.json");
    const capture = await runBuiltCli([
      "fixtures",
      "capture",
      "--target",
      rec.target,
      "--numbers",
      matrix.numbers.join(","),
      "--out",
      captured,
    ]);
    t.equal(capture.code, 0, capture.stderr);
    green(t, await replay(rec, rec.target, "--fixtures", captured, ...flags));
  });
  for (const other of matrix.otherwise)
    await t.test(`red against ${named(other)}`, async (t) => {
      const target = await implementation(t, { ...(rec.fixtures ? { fixtures: rec.fixtures } : {}), ...other });
      // The recording alone: its own failure, not the coverage phase's, must make the run red.
      const alone = flags.includes("coverage") ? [] : ["--exclude-tags", "coverage"];
      const r = await replay(rec, target, ...own, ...alone);
      t.equal(r.code, 1, `exit 1: ${r.stderr.trim().split("\n").pop()}`);
      t.match(r.line, /^not ok /, "the recorded case failed");
    });
}
