import { constants } from "node:os";
import { FixtureError } from "../contract/index.js";
import { DocumentError } from "../contract/document.js";
import { exposureWarning } from "../access/index.js";
import { allowedHostFlag, allowedHosts as allowedHostsOf } from "../cli/shared-flags.js";
import { childEnvironment, localSigning, runChildCommand } from "../cli/child-command.js";
import type { Command, Io } from "../cli/command.js";
import { type FlagValues, UsageError } from "../cli/flags.js";
import { clockLimit } from "../duration.js";
import { CredentialsFileError, ToolError } from "../errors.js";
import {
  type CredentialEntry,
  loadCredentials,
  parseStoreSpec,
  type RunningServer,
  startServer,
  storeOpener,
  type ServerOptions,
} from "../server/index.js";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const serveCommand: Command = {
  name: "serve",
  summary: "run the reference server (GetPhoneNumber and UpdatePhoneNumber, every rule of the contract)",
  usage:
    "[--host 127.0.0.1] [--port 4010] [--allowed-host NAME]... [--fixtures FILE] [--calling-name-delay DURATION] [--log-level LEVEL] [--auth none|sigv4 --credentials FILE [--region R]] [--rate-limit N] [--latency MS] [--store memory|sqlite:PATH|postgres://USER@HOST/DB] [--no-control] [-- COMMAND [ARGS...]]",
  notes:
    "With -- COMMAND, COMMAND runs with AWS_ENDPOINT_URL_CHIME_SDK_VOICE and CHIME_VOICE_CONTRACT_URL set to the server\n(and AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION, AWS_DEFAULT_REGION where unset); the server stops when\nCOMMAND ends, and serve exits with COMMAND's code. The listening line then goes to stderr; stdout is COMMAND's.",
  takesCommand: true,
  flags: [
    {
      name: "host",
      type: "string",
      value: "HOST",
      description: "address to listen on; anything but loopback lets other machines in (a warning says who)",
      default: "127.0.0.1",
    },
    {
      name: "port",
      type: "integer",
      value: "PORT",
      description: "port to listen on; 0 picks a free port",
      defaultText: "4010, or 0 with -- COMMAND",
      min: 0,
    },
    allowedHostFlag(" (a container's service name)"),
    {
      name: "fixtures",
      type: "string",
      value: "FILE",
      description: "the numbers the server holds at start",
      defaultText: "the package's conformance/fixtures.json",
    },
    {
      name: "calling-name-delay",
      type: "duration",
      value: "DURATION",
      description: "how long a calling-name update stays pending (S4)",
      default: "72h",
      // Only added to the time of an update (its due time), never waited for: it may be longer than a timer holds.
      limit: clockLimit,
    },
    {
      name: "log-level",
      type: "string",
      value: "LEVEL",
      description: `logs on stderr: ${logLevels.join(", ")}; info logs each request (id, operation, status, latency)`,
      default: "warn",
      choices: logLevels,
    },
    {
      name: "auth",
      type: "string",
      value: "none|sigv4",
      description: "sigv4: requests must carry an AWS Signature V4 (signing name chime) by a key of --credentials",
      default: "none",
      choices: ["none", "sigv4"],
    },
    {
      name: "credentials",
      type: "string",
      value: "FILE",
      description:
        'keys for --auth sigv4: a JSON array of {"accessKeyId", "secretAccessKey", "allow"?: [operation ids]}',
      defaultText: "none",
    },
    {
      name: "region",
      type: "string",
      value: "R",
      description: "with --auth sigv4, the only region a signature may be scoped to",
      defaultText: "any region",
    },
    {
      name: "rate-limit",
      type: "integer",
      value: "N",
      description: "requests per second per caller (access key when signed, else client address); over it 429",
      defaultText: "no limit",
      min: 1,
    },
    {
      name: "latency",
      type: "duration",
      value: "MS",
      description: "simulated processing time per update (S8: an identical update in flight is a 409)",
      default: "0ms",
    },
    {
      name: "store",
      type: "string",
      value: "memory|sqlite:PATH|postgres://USER@HOST/DB",
      description:
        "where state lives; sqlite:PATH keeps it in a file (one process), postgres://... in a database that several serve processes share as replicas; either is created from the fixtures on first use and reused afterwards",
      default: "memory",
      choices: ["memory", "sqlite", "postgres", "postgresql"],
      secret: true,
    },
    {
      name: "control",
      type: "boolean",
      description: "the control interface under /_control/ (reset, faults, calling names); --no-control turns it off",
      default: true,
    },
  ],
  async run(options, io, command) {
    const port = (options.port as number | undefined) ?? (command ? 0 : 4010);
    if (port > 65_535) throw new UsageError(`serve: --port must be at most 65535, got ${port}`);
    // SIGINT and SIGTERM end an opening store at once (a database that never answers cannot hold serve).
    const stopping = new AbortController();
    void io.stopSignal?.then((name) => stopping.abort(new DOMException(`stopped by ${name}`, "AbortError")));
    const extra = await serverOptions(options, stopping.signal);
    let running: Awaited<ReturnType<typeof startServer>>;
    try {
      running = await startServer({
        ...extra,
        host: options.host as string,
        port,
        ...(typeof options.fixtures === "string" ? { fixturesPath: options.fixtures } : {}),
        callingNameDelayMs: options["calling-name-delay"] as number,
        logLevel: options["log-level"] as string,
        logStream: io.stderr,
      });
    } catch (error) {
      // Stopped while starting (a store still connecting): the signal's exit code, as a shell reports it.
      if (stopping.signal.aborted) {
        const name = (await io.stopSignal) as keyof typeof constants.signals;
        return 128 + (constants.signals[name] ?? 15);
      }
      // The tool's own errors (a store that cannot be opened, ...) are one line without secrets, by the catalogue.
      if (error instanceof ToolError || error instanceof FixtureError || error instanceof DocumentError) {
        io.stderr.write(`chime-voice-contract serve: ${error.message.split("\n")[0]}\n`);
        return error instanceof ToolError ? error.exitCode : 2;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
        io.stderr.write(`chime-voice-contract serve: cannot listen on ${String(options.host)}:${port}: ${code}\n`);
        return 2;
      }
      throw error;
    }
    // With COMMAND, stdout is COMMAND's: the server's lines go to stderr.
    (command ? io.stderr : io.stdout).write(`listening on ${running.url}\n`);
    if (!running.loopbackOnly) {
      const reach = `read and change the numbers it holds${options.control ? ", and reset them or inject faults through /_control/" : ""}${extra.auth ? ", with a signature by a key of --credentials" : ""}`;
      const warning = exposureWarning({
        bindHost: options.host as string,
        port: running.port,
        names: running.allowedHosts,
        reach,
      });
      io.stderr.write(`chime-voice-contract serve: ${warning}\n`);
    }
    io.stderr.write(`export AWS_ENDPOINT_URL_CHIME_SDK_VOICE=${shellWord(running.localUrl)}\n`);
    if (command) {
      const region = typeof options.region === "string" ? options.region : undefined;
      return await runCommand(running, command, extra.auth?.credentials[0], region, io);
    }
    // Without a stop signal (embedded use) the server runs until the process ends.
    await (io.stopSignal ?? new Promise<never>(() => {}));
    await running.close();
    return 0;
  },
};

/** The server's options from the flags, checked before anything starts: a bad combination is one line, exit 2. */
async function serverOptions(options: FlagValues, signal: AbortSignal): Promise<ServerOptions> {
  const allowedHosts = allowedHostsOf("serve", options);
  const sigv4 = options.auth === "sigv4";
  if (sigv4 && typeof options.credentials !== "string")
    throw new UsageError("serve: --auth sigv4 needs --credentials FILE");
  if (!sigv4 && options.credentials !== undefined)
    throw new UsageError("serve: --credentials is used only with --auth sigv4");
  if (!sigv4 && options.region !== undefined) throw new UsageError("serve: --region is used only with --auth sigv4");
  const storeSpec = parseStoreSpec(options.store as string);
  if ("error" in storeSpec) throw new UsageError(`serve: ${storeSpec.error}`);
  const extra: ServerOptions = {
    latencyMs: options.latency as number,
    control: options.control as boolean,
    allowedHosts,
  };
  if (typeof options["rate-limit"] === "number") extra.rateLimit = options["rate-limit"];
  const openStore = storeOpener(storeSpec, { signal });
  if (openStore) extra.openStore = openStore;
  if (sigv4) {
    try {
      extra.auth = {
        credentials: await loadCredentials(options.credentials as string),
        ...(typeof options.region === "string" ? { region: options.region } : {}),
      };
    } catch (error) {
      if (error instanceof CredentialsFileError) throw new UsageError(`serve: ${error.message}`);
      throw error;
    }
  }
  return extra;
}

/** `serve -- COMMAND`: COMMAND runs against the server, which stops when it ends; its exit code is serve's. */
async function runCommand(
  running: RunningServer,
  command: readonly string[],
  key: CredentialEntry | undefined,
  region: string | undefined,
  io: Io,
): Promise<number> {
  const { accessKeyId, secretAccessKey } = key ?? localSigning;
  const outcome = await runChildCommand({
    argv: command,
    env: childEnvironment(process.env, running.localUrl, {
      accessKeyId,
      secretAccessKey,
      region: region ?? localSigning.region,
    }),
    stdout: io.stdout,
    stderr: io.stderr,
    ...(io.signals ? { signals: io.signals } : {}),
  });
  await running.close();
  if (outcome.ran) return outcome.code;
  io.stderr.write(`chime-voice-contract serve: ${outcome.message}\n`);
  return 2;
}

/** The URL as one shell word: quoted only when it holds a character a shell would read (an IPv6 literal's brackets). */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
