import { monitorEventLoopDelay } from "node:perf_hooks";
import { exposureWarning, isLoopbackBind } from "../access/index.js";
import { allowedHostFlag, allowedHosts as allowedHostsOf } from "../cli/shared-flags.js";
import { type ChildOutcome, childEnvironment, localSigning, runChildCommand } from "../cli/child-command.js";
import type { Command, Io } from "../cli/command.js";
import { type FlagValues, UsageError } from "../cli/flags.js";
import { clockLimit } from "../duration.js";
import type { RequestSigner } from "../http/signing.js";
import type { RunnerEvent } from "../judge/events.js";
import { FixtureError } from "../fixtures/fixtures.js";
import { createReporter, reporterNames } from "../reporters/index.js";
import { checkReportPath, fileOutput, parseReporters } from "../reporters/output.js";
import { findingLine } from "../reporters/finding-line.js";
import { shownUrl, urlSecrets } from "../judge/secrets.js";
import { hideFromProcessTitle } from "../server/process-title.js";
import { plural } from "../reporters/plural.js";
import { checkRecordFolder, writeRecording } from "./recording.js";

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

export const proxyCommand: Command = {
  name: "proxy",
  summary:
    "a validating proxy: forwards to --target, judges every exchange against the contract, reports on SIGINT/SIGTERM; exit 1 if it saw a finding",
  usage:
    "--target URL [--host 127.0.0.1] [--port 4011] [--allowed-host NAME]... [--reporter NAME:FILE]... [--sign sigv4 [--region R]] [--fixtures FILE] [--record DIR] [--calling-name-delay DURATION] [--timeout DURATION] [-- COMMAND [ARGS...]]",
  takesCommand: true,
  notes:
    "With -- COMMAND: COMMAND runs with AWS_ENDPOINT_URL_CHIME_SDK_VOICE (read by the AWS SDKs, boto3 and the aws CLI) and\nCHIME_VOICE_CONTRACT_URL set to the proxy, keys and a region where it has none; the proxy stops when COMMAND ends\nand writes its reports. Exit: COMMAND's code when it failed, else 1 if the proxy saw a finding, else 0.",
  flags: [
    { name: "target", type: "string", value: "URL", description: "base URL of the implementation behind the proxy" },
    { name: "host", type: "string", value: "HOST", description: "address to listen on", default: "127.0.0.1" },
    {
      name: "port",
      type: "integer",
      value: "PORT",
      description: "port to listen on; 0 picks a free port",
      defaultText: "4011, or 0 with -- COMMAND",
      min: 0,
    },
    allowedHostFlag(", never forwarded or signed"),
    {
      name: "reporter",
      type: "string",
      value: "NAME:FILE",
      repeatable: true,
      choices: reporterNames,
      description: `${reporterNames.join(", ")}, each to a file, written when the proxy stops`,
      defaultText: "none (findings go to stderr as they happen)",
    },
    {
      name: "sign",
      type: "string",
      value: "sigv4",
      choices: ["sigv4"],
      description:
        "re-sign each request that passes the Host and Origin checks (credentials from the standard AWS sources, service chime)",
    },
    {
      name: "region",
      type: "string",
      value: "R",
      description: "SigV4 region for --sign",
      defaultText: "AWS_REGION, else us-east-1",
    },
    {
      name: "fixtures",
      type: "string",
      value: "FILE",
      description: "the numbers the target holds, so that S1 and S2 are judged before a number is seen",
    },
    {
      name: "record",
      type: "string",
      value: "DIR",
      description:
        "write the traffic into DIR as a case file (test --cases DIR replays it) and its numbers as a fixtures file",
    },
    {
      name: "calling-name-delay",
      type: "duration",
      value: "DURATION",
      description:
        "the target's calling-name delay: S5 (a second CallingName while one is pending) is judged only within it",
      defaultText: "the service's 72h",
      // Only compared with the times of exchanges, never waited for: it may be longer than a timer holds.
      limit: clockLimit,
    },
    {
      name: "timeout",
      type: "duration",
      value: "DURATION",
      default: "30s",
      min: 1,
      description: "the target's answer, headers and body (504 after it)",
    },
  ],
  async run(options, io, command) {
    const settings = proxySettings(options);
    // `ps` shows every user the command line: a password or token in the target's URL is replaced at once.
    hideFromProcessTitle(urlSecrets(settings.target));
    const sign = options.sign === "sigv4" ? await signer(options.region) : undefined;
    const { startValidatingProxy } = await import("../proxy/index.js");
    const recorder =
      typeof options.record === "string"
        ? new (await import("../proxy/recorder.js")).Recorder(options.record)
        : undefined;
    let proxy: Awaited<ReturnType<typeof startValidatingProxy>>;
    const port = settings.port ?? (command ? 0 : 4011);
    try {
      proxy = await startValidatingProxy({
        target: settings.target,
        host: settings.host,
        port,
        allowedHosts: settings.allowedHosts,
        timeoutMs: options.timeout as number,
        ...(typeof options.fixtures === "string" ? { fixturesPath: options.fixtures } : {}),
        ...(typeof options["calling-name-delay"] === "number"
          ? { callingNameDelayMs: options["calling-name-delay"] }
          : {}),
        ...(sign ? { sign } : {}),
        onFinding: (f) => io.stderr.write(findingLine(f)),
        onUnreachable: (message) => io.stderr.write(`chime-voice-contract proxy: ${message} (answered 502)\n`),
        ...(recorder ? { onExchange: (j) => recorder.add(j) } : {}),
      });
    } catch (error) {
      return startFailure(error, settings.host, port, io);
    }
    // How long the proxy kept a client waiting on itself (judging, copying): reported when it stops.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    // With COMMAND, stdout is COMMAND's: the proxy's own lines go to stderr.
    (command ? io.stderr : io.stdout).write(`listening on ${proxy.url}\n`);
    if (!isLoopbackBind(settings.host))
      io.stderr.write(
        `chime-voice-contract proxy: ${exposureWarning({ bindHost: settings.host, port: Number(new URL(proxy.url).port), names: settings.allowedHosts, reach: `send requests to ${shownUrl(settings.target)}${sign ? " signed with this machine's AWS credentials" : ""}` })}\n`,
      );
    const ran = command ? await runCommand(proxy.url, settings.host, command, io) : undefined;
    if (!command) await (io.stopSignal ?? new Promise<never>(() => {}));
    await proxy.close();
    writeReports(settings.reporters, proxy.session.events(["proxy"]));
    const unwritten = recorder ? !(await writeRecording(recorder, io)) : false;
    const findings = proxy.session.findings;
    loop.disable();
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    const cut = proxy.session.cutByStop;
    io.stderr.write(
      `chime-voice-contract proxy: ${plural(proxy.session.exchanges, "exchange")}, ${plural(findings, "finding")}${cut ? `; ${cut} more in flight when it stopped, not judged (no whole answer)` : ""}; event loop delay p99 ${ms(loop.percentile(99))} ms, max ${ms(loop.max)} ms${ran === undefined ? "" : `; ${ran.ran ? `COMMAND exited ${ran.code}` : "COMMAND did not run"}`}\n`,
    );
    return verdict(findings, ran, unwritten);
  },
};

/** The flags that need checking beyond their table, checked before anything starts. */
function proxySettings(options: FlagValues) {
  const target = options.target;
  if (typeof target !== "string") throw new UsageError("proxy: --target URL is required");
  if (!/^https?:\/\/[^/]/i.test(target) || !URL.canParse(target))
    throw new UsageError(`proxy: --target must be an http:// or https:// URL, got '${shownUrl(target)}'`);
  const port = options.port as number | undefined;
  if (port !== undefined && port > 65_535) throw new UsageError(`proxy: --port must be at most 65535, got ${port}`);
  if (options.region !== undefined && options.sign === undefined)
    throw new UsageError("proxy: --region is used only with --sign sigv4");
  const allowedHosts = allowedHostsOf("proxy", options);
  const reporters = parseReporters("proxy", list(options.reporter));
  for (const r of reporters) {
    if (!r.file)
      throw new UsageError(
        `proxy: --reporter ${r.name}: needs a file (NAME:FILE); stdout carries only the listening line`,
      );
    checkReportPath("proxy", r.name, r.file);
  }
  if (typeof options.record === "string") checkRecordFolder(options.record);
  return { target, host: options.host as string, port, allowedHosts, reporters };
}

/** Credentials resolved before listening: a proxy that cannot sign must not start and answer every request 500. */
async function signer(region: unknown): Promise<RequestSigner> {
  const [{ CredentialsError, resolveSigning }, { requestSigner }] = await Promise.all([
    import("../http/credentials.js"),
    import("../http/signing.js"),
  ]);
  try {
    return requestSigner(await resolveSigning(region));
  } catch (error) {
    if (error instanceof CredentialsError) throw new UsageError(`proxy: ${error.message}`);
    throw error;
  }
}

function startFailure(error: unknown, host: string, port: number, io: Io): number {
  if (error instanceof FixtureError) {
    io.stderr.write(`chime-voice-contract proxy: ${error.message}\n`);
    return 2;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
    io.stderr.write(`chime-voice-contract proxy: cannot listen on ${host}:${port}: ${code}\n`);
    return 2;
  }
  throw error;
}

function writeReports(reporters: ReturnType<typeof parseReporters>, events: readonly RunnerEvent[]) {
  for (const { name, file } of reporters) {
    const out = fileOutput(file!);
    const reporter = createReporter(name, out);
    for (const e of events) reporter.event(e);
    reporter.end();
    out.flush();
  }
}

/**
 * `proxy -- COMMAND`: a team's own suite runs through the proxy, which stops when it ends. COMMAND signs with
 * its own keys where it has them, else with a local pair (the proxy re-signs with --sign; a target without
 * authentication ignores them). Not found: said in one line.
 */
async function runCommand(url: string, bindHost: string, command: readonly string[], io: Io): Promise<ChildOutcome> {
  const local = isLoopbackBind(bindHost) ? url : `http://127.0.0.1:${new URL(url).port}`;
  const outcome = await runChildCommand({
    argv: command,
    env: childEnvironment(process.env, local, localSigning),
    stdout: io.stdout,
    stderr: io.stderr,
    ...(io.signals ? { signals: io.signals } : {}),
  });
  if (!outcome.ran) io.stderr.write(`chime-voice-contract proxy: ${outcome.message}\n`);
  return outcome;
}

/**
 * The exit a CI step reads: COMMAND's own failure first (its tests failed, or it was stopped), then the proxy's
 * verdict on the traffic (1 on a finding); COMMAND not found, or a recording that could not be written, is 2.
 */
function verdict(findings: number, ran: ChildOutcome | undefined, unwritten: boolean): number {
  if (ran && !ran.ran) return 2;
  if (ran && ran.code !== 0) return ran.code;
  if (unwritten) return 2;
  return findings ? 1 : 0;
}
