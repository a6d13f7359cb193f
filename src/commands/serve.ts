import { FixtureError } from "../contract/index.js";
import { DocumentError } from "../contract/document.js";
import type { Command } from "../cli/command.js";
import { startServer } from "../server/index.js";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

export const serveCommand: Command = {
  name: "serve",
  summary: "run the reference server (GetPhoneNumber and UpdatePhoneNumber, every rule of the contract)",
  usage: "[--host 127.0.0.1] [--port 4010] [--fixtures FILE] [--calling-name-delay DURATION] [--log-level LEVEL]",
  flags: [
    { name: "host", type: "string", value: "HOST", description: "address to listen on", default: "127.0.0.1" },
    { name: "port", type: "integer", value: "PORT", description: "port to listen on; 0 picks a free port", default: 4010, min: 0 },
    { name: "fixtures", type: "string", value: "FILE", description: "the numbers the server holds at start", defaultText: "the package's conformance/fixtures.json" },
    { name: "calling-name-delay", type: "duration", value: "DURATION", description: "how long a calling-name update stays pending (S4)", default: "72h" },
    { name: "log-level", type: "string", value: "LEVEL", description: `logs on stderr: ${logLevels.join(", ")}`, default: "warn", choices: logLevels },
  ],
  async run(options, io) {
    const port = options.port as number;
    if (port > 65_535) {
      io.stderr.write(`chime-voice-contract serve: --port must be at most 65535, got ${port}\n`);
      return 2;
    }
    let running;
    try {
      running = await startServer({
        host: options.host as string,
        port,
        ...(typeof options.fixtures === "string" ? { fixturesPath: options.fixtures } : {}),
        callingNameDelayMs: options["calling-name-delay"] as number,
        logLevel: options["log-level"] as string,
        logStream: io.stderr,
      });
    } catch (error) {
      if (error instanceof FixtureError || error instanceof DocumentError) {
        io.stderr.write(`chime-voice-contract serve: ${error.message.split("\n")[0]}\n`);
        return 2;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL" || code === "ENOTFOUND") {
        io.stderr.write(`chime-voice-contract serve: cannot listen on ${String(options.host)}:${port}: ${code}\n`);
        return 2;
      }
      throw error;
    }
    io.stdout.write(`listening on ${running.url}\n`);
    // Without a stop signal (embedded use) the server runs until the process ends.
    await (io.stopSignal ?? new Promise<never>(() => {}));
    await running.close();
    return 0;
  },
};
