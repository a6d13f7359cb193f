#!/usr/bin/env node
import { main } from "./cli.js";
import { processSignals } from "./cli/process-signals.js";

const stopSignal = new Promise<string>((resolve) => {
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => resolve(signal));
});

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  stopSignal,
  signals: processSignals,
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `chime-voice-contract: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 70;
  },
);
