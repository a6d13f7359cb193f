// The proxy's `--record DIR` as the command line sees it: the folder made or checked before the proxy listens, and
// the recording written as it stops, said in one line with how to replay it.
import { accessSync, constants, statSync } from "node:fs";
import type { Io } from "../cli/command.js";
import { UsageError } from "../cli/flags.js";
import { makeFolder } from "../folder.js";
import type { Recorded, Recorder } from "../proxy/recorder.js";
import { plural } from "../reporters/plural.js";

/** Writes the recording and says where, with how to replay it; false (said in one line) when it cannot be written. */
export async function writeRecording(recorder: Recorder, io: Io): Promise<boolean> {
  let written: Recorded | undefined;
  try {
    written = await recorder.write();
  } catch (error) {
    // The folder was checked before listening; it may have gone since (deleted, a full disk).
    const why = (error as NodeJS.ErrnoException).code ?? String(error);
    io.stderr.write(`chime-voice-contract proxy: the recording could not be written to ${recorder.dir} (${why})\n`);
    return false;
  }
  const left = recorder.unrecorded
    ? `; ${plural(recorder.unrecorded, "exchange")} not recorded (no complete answer, or a method no case sends)`
    : "";
  if (!written) io.stderr.write(`chime-voice-contract proxy: nothing recorded: no exchange to replay${left}\n`);
  else
    io.stderr.write(
      `chime-voice-contract proxy: recorded ${plural(written.steps, "step")} on ${plural(written.numbers, "number")} in ${written.cases}${written.fixtures ? `, their numbers in ${written.fixtures}` : ""}${left}; replay: chime-voice-contract test --target URL --cases ${recorder.dir} (with --fixtures FILE where URL does not hold the package's fixtures)\n`,
    );
  return true;
}

/** `--record DIR` made, or found a folder it may write in, before listening: not a session lost when it stops. */
export function checkRecordFolder(dir: string): void {
  try {
    makeFolder(dir);
    if (!statSync(dir).isDirectory()) throw new UsageError(`proxy: --record ${dir}: is not a folder`);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(
      `proxy: --record ${dir}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}
