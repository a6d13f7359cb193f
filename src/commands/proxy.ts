import { monitorEventLoopDelay } from "node:perf_hooks";
import type { Command } from "../cli/command.js";
import { UsageError } from "../cli/flags.js";
import { FixtureError } from "../fixtures/fixtures.js";
import { createReporter, reporterNames } from "../reporters/index.js";
import { checkReportPath, fileOutput, parseReporters } from "../reporters/output.js";
import { findingLine } from "../reporters/finding-line.js";

const list = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(String);

export const proxyCommand: Command = {
  name: "proxy",
  summary:
    "a validating proxy: forwards to --target, judges every exchange against the contract, reports on SIGINT/SIGTERM; exit 1 if it saw a finding",
  usage:
    "--target URL [--host 127.0.0.1] [--port 4011] [--reporter NAME:FILE]... [--sign sigv4 [--region R]] [--fixtures FILE] [--record DIR] [--calling-name-delay DURATION]",
  flags: [
    { name: "target", type: "string", value: "URL", description: "base URL of the implementation behind the proxy" },
    { name: "host", type: "string", value: "HOST", description: "address to listen on", default: "127.0.0.1" },
    {
      name: "port",
      type: "integer",
      value: "PORT",
      description: "port to listen on; 0 picks a free port",
      default: 4011,
      min: 0,
    },
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
      description: "re-sign every request (credentials from the standard AWS sources, service chime)",
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
    { name: "record", type: "string", value: "DIR", description: "write the traffic as a case file into DIR" },
    {
      name: "calling-name-delay",
      type: "duration",
      value: "DURATION",
      description:
        "the target's calling-name delay: S5 (a second CallingName while one is pending) is judged only within it",
      defaultText: "the service's 72h",
    },
    {
      name: "timeout",
      type: "duration",
      value: "DURATION",
      default: "30s",
      description: "the target's answer, headers and body (504 after it)",
    },
  ],
  async run(options, io) {
    const target = options.target;
    if (typeof target !== "string") throw new UsageError("proxy: --target URL is required");
    if (!/^https?:\/\/[^/]/i.test(target) || !URL.canParse(target))
      throw new UsageError(`proxy: --target must be an http:// or https:// URL, got '${target}'`);
    const port = options.port as number;
    if (port > 65_535) throw new UsageError(`proxy: --port must be at most 65535, got ${port}`);
    if (options.region !== undefined && options.sign === undefined)
      throw new UsageError("proxy: --region is used only with --sign sigv4");
    const reporters = parseReporters("proxy", list(options.reporter));
    for (const r of reporters) {
      if (!r.file)
        throw new UsageError(
          `proxy: --reporter ${r.name}: needs a file (NAME:FILE); stdout carries only the listening line`,
        );
      checkReportPath("proxy", r.name, r.file);
    }
    let sign: import("../http/signing.js").RequestSigner | undefined;
    if (options.sign === "sigv4") {
      // Before listening: a proxy that cannot sign must not start and answer every request 500.
      const [{ CredentialsError, resolveSigning }, { requestSigner }] = await Promise.all([
        import("../http/credentials.js"),
        import("../http/signing.js"),
      ]);
      try {
        sign = requestSigner(await resolveSigning(options.region));
      } catch (error) {
        if (error instanceof CredentialsError) throw new UsageError(`proxy: ${error.message}`);
        throw error;
      }
    }
    const { startValidatingProxy } = await import("../proxy/index.js");
    const recorder =
      typeof options.record === "string"
        ? new (await import("../proxy/recorder.js")).Recorder(options.record)
        : undefined;
    let proxy: Awaited<ReturnType<typeof startValidatingProxy>>;
    try {
      proxy = await startValidatingProxy({
        target,
        host: options.host as string,
        port,
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
      if (error instanceof FixtureError) {
        io.stderr.write(`chime-voice-contract proxy: ${error.message}\n`);
        return 2;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
        io.stderr.write(`chime-voice-contract proxy: cannot listen on ${String(options.host)}:${port}: ${code}\n`);
        return 2;
      }
      throw error;
    }
    // How long the proxy kept a client waiting on itself (judging, copying): reported when it stops.
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    io.stdout.write(`listening on ${proxy.url}\n`);
    await (io.stopSignal ?? new Promise<never>(() => {}));
    await proxy.close();
    const events = proxy.session.events(["proxy"]);
    for (const { name, file } of reporters) {
      const out = fileOutput(file!);
      const reporter = createReporter(name, out);
      for (const e of events) reporter.event(e);
      reporter.end();
      out.flush();
    }
    if (recorder) {
      const written = await recorder.write();
      if (written) io.stderr.write(`chime-voice-contract proxy: recorded ${written}\n`);
    }
    const findings = proxy.session.findings;
    loop.disable();
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    io.stderr.write(
      `chime-voice-contract proxy: ${proxy.session.exchanges} exchanges, ${findings} finding${findings === 1 ? "" : "s"}; event loop delay p99 ${ms(loop.percentile(99))} ms, max ${ms(loop.max)} ms\n`,
    );
    return findings ? 1 : 0;
  },
};
