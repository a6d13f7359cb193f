import type { Command, Io } from "../cli/command.js";
import { UsageError, type FlagValues } from "../cli/flags.js";
import { progressReporter } from "../reporters/progress.js";
import { createReporter, reporterNames, type HumanOptions, type Reporter } from "../reporters/index.js";
import { colours, noColours, wantsColour } from "../reporters/colour.js";
import { checkReportPath, fileOutput, parseReporters, type ReporterTarget } from "../reporters/output.js";
import { stopExitCode, type StopSignal } from "../signals.js";
import type { RunnerEvent } from "../judge/events.js";
import {
  prepareRun,
  runConformance,
  SetupError,
  caseInfo,
  defaultConcurrency,
  type ConformanceOptions,
} from "../runner/run.js";
import type { ConformanceCase } from "../cases/case.js";
import { coverage, coverageGaps, groupOf, optionalGroups, type OptionalGroup } from "../runner/selection.js";
import type { RunningServer } from "../server/index.js";
import { startEmbeddedServer, type EmbeddedMode } from "./embedded-server.js";
import { runAbout } from "./run-about.js";
import { shownText, shownUrl, urlSecrets } from "../judge/secrets.js";
import { hideFromProcessTitle } from "../server/process-title.js";
import { timerLimitLess } from "../duration.js";
import { maxCompletionMarginMs } from "../judge/calling-name-timing.js";
import { createHttpClient, defaultMaxBodyBytes, type HttpClient } from "../http/client.js";
import { randomBytes } from "node:crypto";
import { generateFlags, generateOptions } from "./test-generate.js";

const list = (value: FlagValues[string]): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value])
    .flatMap((v) => String(v).split(","))
    .map((s) => s.trim())
    .filter(Boolean);

export const testCommand: Command = {
  name: "test",
  summary:
    "run the conformance suite against --target URL (default: the embedded reference server); exit 0 conforms, 1 a check failed, 2 the run could not be made",
  usage: "[--target URL] [--fixtures FILE] [--cases DIR] [--reporter NAME[:FILE]]... [flags]",
  flags: [
    {
      name: "target",
      type: "string",
      value: "URL",
      description: "base URL of the implementation under test",
      defaultText: "the embedded reference server on a free loopback port",
    },
    {
      name: "fixtures",
      type: "string",
      value: "FILE",
      description: "what the target holds when the run starts",
      defaultText: "the package's conformance/fixtures.json",
    },
    {
      name: "cases",
      type: "string",
      value: "DIR",
      description: "folder of case files (*.yaml)",
      defaultText: "the package's conformance/",
    },
    {
      name: "reporter",
      type: "string",
      value: "NAME[:FILE]",
      repeatable: true,
      choices: reporterNames,
      description: `${reporterNames.join(", ")}; at most one without :FILE (stdout)`,
      defaultText: "human",
    },
    {
      name: "tags",
      type: "string",
      value: "TAG[,TAG]",
      repeatable: true,
      description: "run only cases with one of these tags (optional groups such as s8 run only when named)",
    },
    {
      name: "exclude-tags",
      type: "string",
      value: "TAG[,TAG]",
      repeatable: true,
      description: "leave out cases with one of these tags (such as decided)",
    },
    {
      name: "case",
      type: "string",
      value: "ID",
      repeatable: true,
      description:
        "run only the cases with this id (* and ? as in a shell); naming a case of an optional group selects it",
    },
    {
      name: "add-cases",
      type: "string",
      value: "DIR",
      repeatable: true,
      description: "folder of a team's own case files (*.yaml), run beside the built-in ones (--cases replaces them)",
    },
    {
      name: "checks",
      type: "string",
      value: "NAME[,NAME]",
      repeatable: true,
      description: "apply only these checks",
      defaultText: "all",
    },
    {
      name: "reset-url",
      type: "string",
      value: "URL",
      description:
        "POST to this URL before the run, such as the reference server's /_control/reset (the runner sends nothing else outside the contract)",
    },
    {
      name: "calling-name-delay",
      type: "duration",
      value: "DURATION",
      description:
        "the target's calling-name delay (serve --calling-name-delay): adds the completion cases, which wait for it",
      // A completion case waits for it and then a margin more, in one timer.
      limit: timerLimitLess(maxCompletionMarginMs, "its wait and the 2 s margin after it"),
    },
    {
      name: "burst",
      type: "integer",
      value: "N",
      min: 2,
      default: 20,
      description: "requests sent at once by the throttling group (20 trips serve --rate-limit 5)",
    },
    {
      name: "timeout",
      type: "duration",
      value: "DURATION",
      default: "5s",
      min: 1,
      description: "per exchange, headers and body together; four timeouts in a row end the run",
    },
    {
      name: "concurrency",
      type: "integer",
      value: "N",
      default: defaultConcurrency,
      min: 1,
      description:
        "requests in flight at once, to different numbers (a number's own go one after another): sized for a target far away, whose round trips then overlap; the same seed sends the same requests whatever N",
    },
    { name: "bail", type: "boolean", description: "stop after the first failing case" },
    {
      name: "max-failures",
      type: "integer",
      value: "N",
      min: 0,
      description: "the human report's full list shows the first N failing cases (its summary counts them all)",
      defaultText: "all",
    },
    { name: "list", type: "boolean", description: "list the cases and the rules they cover, without running" },
    ...generateFlags,
  ],
  async run(options, io) {
    const reporters = parseReporters("test", list(options.reporter).length ? list(options.reporter) : ["human"]);
    for (const r of reporters) if (r.file) checkReportPath("test", r.name, r.file);
    const target = typeof options.target === "string" ? options.target : undefined;
    // `ps` shows every user the command line: a password or token in a URL given there is replaced at once.
    hideFromProcessTitle([target, options["reset-url"]].flatMap((u) => (typeof u === "string" ? urlSecrets(u) : [])));
    // A signal stops the run: exchanges in flight end, the reports are written, marked interrupted.
    const stop = new AbortController();
    void io.stopSignal?.then((signal) => stop.abort(signal));
    let generated: Awaited<ReturnType<typeof generateOptions>> | undefined;
    try {
      const runOptions: RunOptions = {
        ...(target !== undefined ? { target } : {}),
        ...(typeof options.fixtures === "string" ? { fixturesPath: options.fixtures } : {}),
        ...(typeof options.cases === "string" ? { casesDir: options.cases } : {}),
        tags: list(options.tags),
        ...(list(options.case).length ? { caseIds: list(options.case) } : {}),
        ...(list(options["add-cases"]).length ? { addCasesDirs: list(options["add-cases"]) } : {}),
        excludeTags: list(options["exclude-tags"]),
        checks: list(options.checks),
        timeoutMs: options.timeout as number,
        concurrency: options.concurrency as number,
        bail: options.bail === true,
        burst: options.burst as number,
        ...(typeof options["calling-name-delay"] === "number"
          ? { callingNameDelayMs: options["calling-name-delay"] }
          : {}),
        ...(options.sign === "sigv4" ? { signs: true } : {}),
        ...(typeof options["reset-url"] === "string" ? { resetUrl: options["reset-url"] } : {}),
        signal: stop.signal,
      };
      generated = await generateOptions(options, io, stop.signal);
      runOptions.about = runAbout(options, generated.seed);
      if (generated.generate) runOptions.generate = generated.generate;
      if (generated.saveFailure) runOptions.saveFailure = generated.saveFailure;
      if (generated.http) runOptions.http = generated.http;
      for (const [flag, url] of [
        ["target", runOptions.target],
        ["reset-url", runOptions.resetUrl],
      ] as const)
        if (url !== undefined && !/^https?:\/\/[^/]/i.test(url))
          throw new UsageError(`test: --${flag} must be an http:// or https:// URL, got '${shownUrl(url)}'`);
      if (options.list === true) return await listCases(runOptions, io);
      const code = await runWithReporters(runOptions, reporters, io, {
        colours: wantsColour((io.stdout as { isTTY?: boolean }).isTTY) ? colours : noColours,
        ...(typeof options["max-failures"] === "number" ? { maxFailures: options["max-failures"] } : {}),
      });
      return generated.finish(code);
    } catch (error) {
      if (!(error instanceof SetupError) && !(error instanceof UsageError)) throw error;
      // Stopped before the first case, or the run could not be made: each report asked for says so.
      const signal = stop.signal.aborted ? (stop.signal.reason as string) : undefined;
      const exitCode = signal ? stopExitCode(signal as StopSignal) : 2;
      const message = signal
        ? `interrupted by ${signal} before the first case`
        : shownText(error.message.replace(/^test: /, ""));
      writeFailure(reporters, io, {
        type: "run-failed",
        kind: signal ? "interrupted" : error instanceof SetupError ? error.kind : "usage",
        message,
        exitCode,
        ...(target !== undefined ? { target: shownUrl(target) } : {}),
        about: runAbout(options, generated?.seed),
      });
      if (error instanceof UsageError && !signal) throw error;
      io.stderr.write(`chime-voice-contract test: ${message}\n`);
      return exitCode;
    } finally {
      await generated?.http?.close();
    }
  },
};

type RunOptions = Omit<ConformanceOptions, "target"> & { target?: string };

/** Each report asked for, from the one event that says why there is no run (stdout's human reporter: stderr says it). */
function writeFailure(targets: ReporterTarget[], io: Io, event: RunnerEvent & { type: "run-failed" }): void {
  for (const t of targets) {
    if (!t.file && t.name === "human") continue;
    const out = t.file ? fileOutput(t.file) : undefined;
    const reporter = createReporter(t.name, out ?? io.stdout);
    reporter.event(event);
    reporter.end();
    out?.flush();
  }
}

async function runWithReporters(
  options: RunOptions,
  targets: ReporterTarget[],
  io: Io,
  human: HumanOptions,
): Promise<number> {
  const files: Array<ReturnType<typeof fileOutput>> = [];
  const active: Reporter[] = targets.map((t) => {
    if (!t.file) return createReporter(t.name, io.stdout, human);
    const out = fileOutput(t.file);
    files.push(out);
    // A file never gets colour.
    return createReporter(t.name, out, { ...human, colours: noColours });
  });
  const stderr = io.stderr as Io["stderr"] & { isTTY?: boolean; columns?: number };
  // First, so that its terminal line is cleared before another reporter prints the summary.
  active.unshift(
    progressReporter(
      {
        write: (text) => void stderr.write(text),
        ...(stderr.isTTY ? { isTTY: true } : {}),
        ...(stderr.columns ? { columns: stderr.columns } : {}),
      },
      { reports: targets.flatMap((t) => (t.file ? [t.file] : [])) },
    ),
  );
  let exitCode = 2;
  let embedded: RunningServer | undefined;
  let started = false;
  let signing: HttpClient | undefined;
  try {
    // Without --target the command starts the reference server, in the mode the selected groups need, and hands
    // the runner its URL (and, for auth, the key it generated); inside the try, so that reports end alike.
    let run: RunOptions = options;
    if (options.target === undefined) {
      // By the cases selected, not only the tags named: `--case S8-*` needs the latency as `--tags s8` does.
      const groups = new Set((await prepareRun(options)).cases.map(groupOf));
      const mode = embeddedMode(options, groups);
      embedded = await startEmbeddedServer(options.fixturesPath, mode);
      const key = mode.auth?.credentials[0];
      if (key) {
        const { signingClient } = await import("../http/signing.js");
        // The run's stop reaches this client too: a signal ends its exchanges in flight, as it does the runner's own.
        const stop = options.signal ? { stop: options.signal } : {};
        signing = signingClient(
          createHttpClient({ timeoutMs: options.timeoutMs ?? 5_000, maxBodyBytes: defaultMaxBodyBytes, ...stop }),
          { credentials: key, region: "us-east-1", ...stop },
        );
        run = { ...options, http: signing, signs: true };
      }
    }
    const target = options.target ?? embedded!.url;
    for await (const event of runConformance({ ...run, target, embedded: embedded !== undefined })) {
      started = true;
      for (const r of active) r.event(event);
      if (event.type === "run-end") exitCode = event.exitCode;
    }
  } finally {
    // Before the first event there is nothing to write: the caller writes why the run could not be made.
    if (started) {
      for (const r of active) r.end();
      for (const f of files) f.flush();
    }
    await signing?.close();
    await embedded?.close();
  }
  return exitCode;
}

/**
 * DESIGN "Test selection": the embedded server in the mode the selected groups need: latency for s8, a rate
 * limit for throttling, the calling-name delay for completion, SigV4 with a key generated for this run for auth.
 */
function embeddedMode(options: RunOptions, groups: ReadonlySet<OptionalGroup | undefined>): EmbeddedMode {
  return {
    ...(groups.has("s8") ? { latencyMs: 300 } : {}),
    ...(groups.has("throttling") ? { rateLimit: 5 } : {}),
    ...(options.callingNameDelayMs !== undefined ? { callingNameDelayMs: options.callingNameDelayMs } : {}),
    ...(groups.has("auth")
      ? {
          auth: {
            credentials: [
              {
                accessKeyId: `AKIA${randomBytes(8).toString("hex").toUpperCase()}`,
                secretAccessKey: randomBytes(30).toString("base64url"),
              },
            ],
          },
        }
      : {}),
  };
}

/** How each optional group is selected, and what it needs, for `--list`. */
const groupHints: Record<OptionalGroup, string> = {
  s8: "--tags s8 (a target that simulates processing time, such as serve --latency 300ms)",
  auth: "--tags auth --sign sigv4 (a target that verifies SigV4, such as serve --auth sigv4)",
  throttling: "--tags throttling [--burst N] (a target that enforces a rate, such as serve --rate-limit 5)",
  completion: "--calling-name-delay DURATION (the target's calling-name delay, which the cases wait for)",
};

async function listCases(options: RunOptions, io: Io): Promise<number> {
  const prepared = await prepareRun(options);
  const line = (c: ConformanceCase, numbers = "") =>
    `${c.id}  [${c.rules.join(", ")}]${c.tags.length ? ` {${c.tags.join(", ")}}` : ""}  ${c.title}${numbers ? `  (${numbers})` : ""}\n`;
  for (const c of prepared.cases) {
    const info = caseInfo(c, prepared.picks);
    const numbers = Object.entries(info.numbers)
      .map(([k, v]) => `${k}=${v}`)
      .join(" ");
    io.stdout.write(line(c, numbers));
  }
  const coverageCases = prepared.coverage.map((c) => c.case);
  io.stdout.write(
    `\nCoverage phase (after the cases, from the document's classes; --exclude-tags coverage leaves it out):\n`,
  );
  for (const c of coverageCases) io.stdout.write(`  ${line(c)}`);
  if (!coverageCases.length) io.stdout.write("  (none selected)\n");
  const selectedIds = new Set(prepared.generatedSelected.map((c) => c.id));
  io.stdout.write("\nGenerated families (--generate, or named by --case):\n");
  for (const c of prepared.generatedFamilies)
    io.stdout.write(
      `  ${line(c)}${selectedIds.has(c.id) ? "" : "    (not selected)\n"}`.replace(
        /\n {4}\(not selected\)\n$/,
        "  (not selected)\n",
      ),
    );
  const chosen = new Set(prepared.cases.map((c) => c.id));
  const left = optionalGroups
    .map((g) => [g, prepared.available.filter((c) => groupOf(c) === g && !chosen.has(c.id)).length] as const)
    .filter(([, n]) => n > 0);
  if (left.length) {
    io.stdout.write("\nOptional groups not selected:\n");
    for (const [g, n] of left) io.stdout.write(`  ${g} (${n} case${n > 1 ? "s" : ""}): ${groupHints[g]}\n`);
  }
  const counted = [...prepared.cases, ...coverageCases, ...prepared.generatedSelected];
  io.stdout.write("\nRule coverage:\n");
  for (const row of coverage(counted))
    io.stdout.write(`  ${row.rule.padEnd(3)} ${row.cases.length ? row.cases.join(", ") : "(no case selected)"}\n`);
  const gaps = coverageGaps(counted);
  io.stdout.write(
    `\n${prepared.cases.length} cases, ${coverageCases.length} coverage families, ${prepared.generatedSelected.length} generated families${gaps.length ? `; rules without a selected case: ${gaps.join(", ")}` : "; every rule W1-W5, V1-V8, S1-S8 covered"}\n`,
  );
  return 0;
}
