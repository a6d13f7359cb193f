import { writeFile } from "node:fs/promises";
import type { Command } from "../cli/command.js";
import { UsageError } from "../cli/flags.js";
import { e164Pattern, FixtureError } from "../fixtures/fixtures.js";
import { shownText, shownUrl, urlSecrets } from "../judge/secrets.js";
import { hideFromProcessTitle } from "../server/process-title.js";
import { stopExitCode, type StopSignal } from "../signals.js";

export const fixturesCommand: Command = {
  name: "fixtures",
  subcommand: "capture",
  summary:
    "read numbers from a live target with GetPhoneNumber into a fixtures file that test --fixtures accepts; exit 2 for a number it does not hold",
  usage: "capture --target URL --numbers E164[,E164...] [--sign sigv4 [--region R]] [--out FILE]",
  flags: [
    { name: "target", type: "string", value: "URL", description: "base URL of the implementation to read from" },
    {
      name: "numbers",
      type: "string",
      value: "E164[,E164]",
      repeatable: true,
      description: "the numbers to capture, in E.164 (+12065550100)",
    },
    {
      name: "sign",
      type: "string",
      value: "sigv4",
      choices: ["sigv4"],
      description: "sign every request (credentials from the standard AWS sources, service chime)",
    },
    {
      name: "region",
      type: "string",
      value: "R",
      description: "SigV4 region for --sign",
      defaultText: "AWS_REGION, else us-east-1",
    },
    { name: "out", type: "string", value: "FILE", description: "where to write the fixtures", defaultText: "stdout" },
    { name: "timeout", type: "duration", value: "DURATION", default: "10s", min: 1, description: "per request" },
  ],
  async run(options, io) {
    const target = options.target;
    if (typeof target !== "string") throw new UsageError("fixtures capture: --target URL is required");
    // `ps` shows every user the command line: a password or token in the target's URL is replaced at once.
    hideFromProcessTitle(urlSecrets(target));
    if (!/^https?:\/\/[^/]/i.test(target) || !URL.canParse(target))
      throw new UsageError(`fixtures capture: --target must be an http:// or https:// URL, got '${shownUrl(target)}'`);
    const numbers = (Array.isArray(options.numbers) ? options.numbers : [])
      .flatMap((v) => String(v).split(","))
      .map((s) => s.trim())
      .filter(Boolean);
    if (!numbers.length) throw new UsageError("fixtures capture: --numbers E164[,E164...] is required");
    const bad = numbers.find((n) => !e164Pattern.test(n));
    if (bad) throw new UsageError(`fixtures capture: --numbers: '${bad}' is not an E.164 number such as +12065550100`);
    if (options.region !== undefined && options.sign === undefined)
      throw new UsageError("fixtures capture: --region is used only with --sign sigv4");
    const [
      { createHttpClient },
      { signingClient },
      { captureFixtures, CaptureError },
      { CredentialsError, resolveSigning },
    ] = await Promise.all([
      import("../http/client.js"),
      import("../http/signing.js"),
      import("../fixtures/capture.js"),
      import("../http/credentials.js"),
    ]);
    // A signal ends the read in flight and the 429 back-off being waited out; no file is written (a partial one
    // would leave numbers out that `test --fixtures` then never picks).
    const stop = new AbortController();
    void io.stopSignal?.then((signal) => stop.abort(signal));
    let http = createHttpClient({
      timeoutMs: options.timeout as number,
      maxBodyBytes: 1024 * 1024,
      giveUpAfter: 1,
      stop: stop.signal,
    });
    if (options.sign === "sigv4") {
      try {
        const signing = await resolveSigning(options.region);
        http = signingClient(http, { ...signing, stop: stop.signal });
      } catch (error) {
        await http.close();
        if (error instanceof CredentialsError) throw new UsageError(`fixtures capture: ${error.message}`);
        throw error;
      }
    }
    try {
      const fixtures = await captureFixtures(http, target, [...new Set(numbers)]);
      const text = `${JSON.stringify(fixtures, null, 2)}\n`;
      if (typeof options.out === "string") {
        await writeFile(options.out, text);
        io.stderr.write(
          `chime-voice-contract fixtures capture: ${fixtures.length} numbers written to ${options.out}\n`,
        );
      } else io.stdout.write(text);
      return 0;
    } catch (error) {
      if (stop.signal.aborted) {
        const signal = stop.signal.reason as StopSignal;
        io.stderr.write(`chime-voice-contract fixtures capture: interrupted by ${signal}; nothing written\n`);
        return stopExitCode(signal);
      }
      if (error instanceof CaptureError || error instanceof FixtureError) {
        io.stderr.write(`chime-voice-contract fixtures capture: ${shownText(error.message.split("\n")[0]!)}\n`);
        return 2;
      }
      const code = (error as NodeJS.ErrnoException).code;
      if (code) {
        io.stderr.write(
          `chime-voice-contract fixtures capture: ${shownText((error as Error).message.split("\n")[0]!)}\n`,
        );
        return 2;
      }
      throw error;
    } finally {
      await http.close();
    }
  },
};
