import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { Io } from "../cli/command.js";
import { UsageError, type FlagSpec, type FlagValues } from "../cli/flags.js";
import type { GeneratedRun } from "../runner/generate/phase.js";
import {
  isCoverageFailure,
  readFailureFile,
  replayCases,
  ReplayError,
  type FailureFile,
} from "../runner/generate/replay.js";
import { signingClient } from "../http/signing.js";
import { CredentialsError, resolveSigning, signingRegion, type Signing } from "../http/credentials.js";
import { defaultMaxExamples, generatedCases, type SavedFailure } from "../runner/generate/suite.js";
import { globMatches } from "../runner/selection.js";
import { createHttpClient, defaultMaxBodyBytes, type HttpClient } from "../http/client.js";
import { checkOutputPath } from "../reporters/output.js";
import { SetupError } from "../runner/run.js";

const listed = (value: unknown): string[] =>
  (Array.isArray(value) ? value : value === undefined ? [] : [value]).flatMap((v) => String(v).split(","));
/** The ids of the generated families (the same for every seed). */
const generatedFamilyIds = () => generatedCases({ seed: 0, maxExamples: 1 }, []).map((g) => g.case.id);

export const defaultFailuresFile = "chime-voice-contract-failures.json";

/** The flags of generated cases, replay and signing, added to `test`'s table. */
export const generateFlags: FlagSpec[] = [
  {
    name: "generate",
    type: "boolean",
    description:
      "after the cases, run generated ones: boundaries and negatives, property-based bodies, stateful sequences",
  },
  {
    name: "seed",
    type: "integer",
    value: "N",
    min: 0,
    description: "seed of the generated cases; the same seed sends the same requests",
    defaultText: "a random seed, printed",
  },
  {
    name: "max-examples",
    type: "integer",
    value: "N",
    min: 1,
    default: defaultMaxExamples,
    description: "examples of the property-based bodies (stateful runs: a fifth of it)",
  },
  {
    name: "save-failures",
    type: "string",
    value: "FILE",
    description:
      "where failures are saved for --replay (the generated families' and the coverage phase's; without --generate, only when given)",
    defaultText: defaultFailuresFile,
  },
  {
    name: "replay",
    type: "string",
    value: "FILE",
    description: "run exactly the failures saved in FILE again (no other case), printing curl commands",
  },
  {
    name: "sign",
    type: "string",
    value: "METHOD",
    choices: ["sigv4"],
    description: "sign every request (sigv4: credentials from the standard AWS sources, service chime)",
  },
  {
    name: "region",
    type: "string",
    value: "R",
    description: "SigV4 region",
    defaultText: "AWS_REGION, else us-east-1",
  },
  {
    name: "rate",
    type: "integer",
    value: "N",
    min: 1,
    description: "at most N requests per second; a 429 is retried after a growing pause",
  },
];

/** What the generate flags add to a run: generated cases, a signing client, and what to do when the run ends. */
export async function generateOptions(
  options: FlagValues,
  io: Io,
  stop?: AbortSignal,
): Promise<{
  generate?: GeneratedRun;
  /**
   * The seed the reports name: the run's own under --generate, the file's for a replay of generated failures;
   * none for a replay of the coverage phase's failures alone (that phase draws nothing at random).
   */
  seed?: number;
  http?: HttpClient;
  /** Where the coverage phase's failures go: set under `--generate`, or when `--save-failures` is given. */
  saveFailure?(failure: SavedFailure): void;
  /** Saves the failures, if any; the run's exit code, or 2 when they could not be saved. */
  finish(code: number): number;
}> {
  const failures: SavedFailure[] = [];
  const replayFile = typeof options.replay === "string" ? options.replay : undefined;
  if (replayFile && options.generate === true)
    throw new UsageError("test: --replay runs saved failures; leave out --generate");
  const seed = typeof options.seed === "number" ? options.seed : Math.floor(Math.random() * 2 ** 31);
  const saveTo = typeof options["save-failures"] === "string" ? options["save-failures"] : defaultFailuresFile;
  // A file named on the command line that cannot be written is found before the run (the default one, after it).
  if (!replayFile && typeof options["save-failures"] === "string")
    checkOutputPath(`test: --save-failures ${saveTo}:`, saveTo);
  const target = typeof options.target === "string" ? options.target : "(embedded reference server)";
  let generate: GeneratedRun | undefined;
  const common = {
    onFailure: (f: SavedFailure) => void failures.push(f),
    onDone: (s: { requests: number; durationMs: number; seed: number }) =>
      io.stderr.write(
        `generated: ${s.requests} requests in ${(s.durationMs / 1000).toFixed(2)} s (${Math.round(s.requests / (s.durationMs / 1000))} requests/s); seed ${s.seed} (--seed ${s.seed} sends the same requests again)\n`,
      ),
  };
  // A generated family named by --case runs as under --generate: with a seed, printed and saved with failures.
  const named = listed(options.case).some((glob) => generatedFamilyIds().some((id) => globMatches(glob, id)));
  let reportedSeed: number | undefined;
  if (options.generate === true || (named && !replayFile)) {
    io.stderr.write(`generated cases: seed ${seed}\n`);
    generate = { seed, maxExamples: options["max-examples"] as number, ...common };
    reportedSeed = seed;
  } else if (replayFile) {
    let file: FailureFile;
    try {
      file = readFailureFile(replayFile);
    } catch (error) {
      if (error instanceof ReplayError) throw new SetupError("options", error.message);
      throw error;
    }
    const cases = replayCases(file, (curl) => io.stderr.write(`replay: ${curl}\n`));
    generate = {
      seed: file.seed,
      maxExamples: 0,
      cases,
      only: true,
      ...common,
      // What a seed would send again is the generated run the file came from, not this replay.
      onDone: (s) =>
        io.stderr.write(
          `replayed: ${s.requests} requests in ${(s.durationMs / 1000).toFixed(2)} s (${Math.round(s.requests / (s.durationMs / 1000))} requests/s)\n`,
        ),
    };
    if (file.failures.some((f) => !isCoverageFailure(f))) reportedSeed = file.seed;
  }
  let http: HttpClient | undefined;
  // Without --target the embedded server is the target: for the auth group it verifies a key generated for
  // this run, which the command hands the runner, so the standard AWS sources are not asked for credentials.
  const sign = typeof options.target === "string" ? options.sign : undefined;
  if (sign !== undefined || options.rate !== undefined) {
    let signing: Signing | undefined;
    try {
      signing = sign === "sigv4" ? await resolveSigning(options.region) : undefined;
    } catch (error) {
      if (error instanceof CredentialsError) throw new UsageError(`test: ${error.message}`);
      throw error;
    }
    http = signingClient(
      createHttpClient({
        timeoutMs: options.timeout as number,
        maxBodyBytes: defaultMaxBodyBytes,
        ...(stop ? { stop } : {}),
      }),
      {
        ...(signing ? { credentials: signing.credentials } : {}),
        region: signing?.region ?? signingRegion(options.region),
        ...(typeof options.target === "string" ? { signOnly: options.target } : {}),
        ...(typeof options.rate === "number" ? { rate: options.rate } : {}),
        ...(stop ? { stop } : {}),
      },
    );
  }
  // The coverage phase's failures are saved beside the generated ones, and in a run without --generate when
  // --save-failures asks for them (a replay runs no coverage phase).
  const saving = !replayFile && (generate !== undefined || typeof options["save-failures"] === "string");
  return {
    ...(generate ? { generate } : {}),
    ...(reportedSeed !== undefined ? { seed: reportedSeed } : {}),
    ...(http ? { http } : {}),
    ...(saving ? { saveFailure: common.onFailure } : {}),
    finish(code) {
      if (!failures.length || !(saving || generate)) return code;
      const seed = generate?.seed ?? 0;
      const file: FailureFile = { version: 1, seed, target, failures };
      try {
        mkdirSync(dirname(resolve(saveTo)), { recursive: true });
        writeFileSync(saveTo, `${JSON.stringify(file, null, 2)}\n`);
      } catch (error) {
        const why = (error as NodeJS.ErrnoException).code ?? String(error);
        io.stderr.write(`chime-voice-contract test: failures could not be saved to ${saveTo} (${why})\n`);
        return 2;
      }
      const generated = failures.filter((f) => !isCoverageFailure(f)).length;
      const parts = [
        ...(generated ? [`${generated} generated (seed ${seed})`] : []),
        ...(failures.length > generated ? [`${failures.length - generated} from the coverage phase`] : []),
      ];
      io.stderr.write(
        `failures (${parts.join(", ")}) saved to ${saveTo}; run them again with: chime-voice-contract test --replay ${saveTo}${options.target ? ` --target ${String(options.target)}` : ""}\n`,
      );
      return code;
    },
  };
}
