// Runs the CLI in process, as `chime-voice-contract ARGV...` would, with its output captured.
import { Writable } from "node:stream";
import type { Io } from "../../src/cli/command.js";
import { main } from "../../src/cli.js";

export interface CapturedOutput {
  out: string;
  err: string;
}

/** An Io whose stdout and stderr are kept as text in `output` (read it while a command runs, or after). */
export function captureIo(stopSignal?: Promise<string>): { io: Io; output: CapturedOutput } {
  const output: CapturedOutput = { out: "", err: "" };
  const sink = (key: keyof CapturedOutput) =>
    new Writable({
      write(chunk, _encoding, done) {
        output[key] += String(chunk);
        done();
      },
    });
  return { io: { stdout: sink("out"), stderr: sink("err"), ...(stopSignal ? { stopSignal } : {}) }, output };
}

/** The exit code and everything written to stdout (`out`) and stderr (`err`). */
export async function runCli(...argv: string[]): Promise<{ code: number } & CapturedOutput> {
  const { io, output } = captureIo();
  const code = await main(argv, io);
  return { code, ...output };
}
