import { defaultSpecPath } from "../contract/paths.js";
import { specFlag } from "../cli/shared-flags.js";
import {
  defaultAllowlistPath,
  driftExitCode,
  DriftInputError,
  humanReport,
  jsonReport,
  runDrift,
} from "../drift/index.js";
import { UsageError } from "../cli/flags.js";
import type { Command } from "../cli/command.js";

export const driftCommand: Command = {
  name: "drift",
  summary:
    "compare spec/openapi.yaml with the official model (Smithy or botocore); exit 1 on an unexplained difference",
  usage: "--model FILE|botocore [--reporter human|json] [--allow FILE] [--spec FILE]",
  flags: [
    {
      name: "model",
      type: "string",
      value: "FILE",
      description:
        "the service's model (required): a Smithy JSON model or botocore's service-2.json[.gz], told by content; `botocore` for the one the botocore of python3 on PATH loads",
    },
    {
      name: "reporter",
      type: "string",
      value: "NAME",
      description: "human or json (to stdout)",
      choices: ["human", "json"],
      default: "human",
    },
    {
      name: "allow",
      type: "string",
      value: "FILE",
      description: "the deliberate differences",
      defaultText: "the package's spec/model-drift.yaml",
    },
    specFlag,
  ],
  async run(options, io) {
    if (typeof options.model !== "string")
      throw new UsageError("drift: --model FILE (or --model botocore) is required");
    if (options.reporter !== "human" && options.reporter !== "json")
      throw new UsageError(`drift: --reporter must be one of human, json, got '${String(options.reporter)}'`);
    try {
      const result = await runDrift({
        model: options.model,
        spec: typeof options.spec === "string" ? options.spec : defaultSpecPath,
        allow: typeof options.allow === "string" ? options.allow : defaultAllowlistPath,
      });
      io.stdout.write(options.reporter === "json" ? jsonReport(result) : humanReport(result));
      return driftExitCode(result);
    } catch (error) {
      if (error instanceof DriftInputError) {
        io.stderr.write(`chime-voice-contract drift: ${error.message.replace(/\s*\n\s*/g, " ")}\n`);
        return 2;
      }
      // A model shaped in a way the comparison did not foresee: still one line, not a stack trace.
      io.stderr.write(`chime-voice-contract drift: cannot compare: ${(error as Error).message.split("\n")[0]}\n`);
      return 2;
    }
  },
};
