import type { Contract } from "../contract/contract.js";
import { loadContract } from "../contract/loader.js";
import { defaultCasesDir, defaultFixturesPath, defaultSpecPath } from "../contract/paths.js";
import { isGroup, type ConformanceCase } from "../cases/case.js";
import { CaseError, FixtureError, PickError, SetupError } from "../errors.js";
import { loadFixtures, type Fixture } from "../fixtures/fixtures.js";
import type { HttpClient } from "../http/client.js";
import { checkRegistry } from "../judge/checks/index.js";
import type { CaseInfo, RunAbout } from "../judge/events.js";
import { loadCases } from "./case-loader.js";
import { e164Of } from "./case-request.js";
import type { GeneratedRun } from "./generate/phase.js";
import { coverageCases, type CoverageCase } from "./generate/coverage-run.js";
import { requestKey } from "./generate/coverage.js";
import { defaultMaxExamples, generatedCases, type SavedFailure } from "./generate/suite.js";
import { pickNumbers, type Picks } from "./picker.js";
import { globMatches, knownTags, selectCases } from "./selection.js";

export interface ConformanceOptions {
  /**
   * Base URL of the implementation under test. The runner starts nothing: to test the reference server, start
   * it (`startServer()`, as the `test` command does without `--target`) and pass its URL.
   */
  target: string;
  /** The target is the reference server started for this run; reports say so. */
  embedded?: boolean;
  fixturesPath?: string;
  casesDir?: string;
  specPath?: string;
  tags?: string[];
  excludeTags?: string[];
  /** Check names to apply (default: all in the registry). */
  checks?: string[];
  /** Per request (default 5 s). */
  timeoutMs?: number;
  /**
   * Requests in flight at once (default 32), to different numbers: a number's own requests go one after another,
   * in the order the cases are defined, so any value sends the same requests.
   */
  concurrency?: number;
  /** Stop starting cases after the first failure. */
  bail?: boolean;
  /** Bytes of a response body read before the rest is refused (default 256 KiB). */
  maxBodyBytes?: number;
  /** Injected HTTP client (tests); the runner closes only the one it creates. */
  http?: HttpClient;
  /** Generated cases (`--generate`), run after the hand-written ones on state they read first. */
  generate?: GeneratedRun;
  /**
   * Each failed request of the coverage phase, with the steps `--replay` sends again (`--save-failures`); the
   * generated families' failures go to `generate.onFailure`.
   */
  saveFailure?(failure: SavedFailure): void;
  /** Posted to before anything else (`--reset-url`, such as the reference server's `POST /_control/reset`). */
  resetUrl?: string;
  /** `--add-cases DIR`: folders of a team's own case files, run beside the built-in ones. */
  addCasesDirs?: string[];
  /** `--case ID`: only the cases whose id one of these globs matches. */
  caseIds?: string[];
  /** `--calling-name-delay`: the target's calling-name delay; adds the `completion` group. */
  callingNameDelayMs?: number;
  /** `--burst N`: requests in a throttling burst (default 20, which trips `serve --rate-limit 5`). */
  burst?: number;
  /** The injected client signs requests (`--sign sigv4`): the `auth` group needs it. */
  signs?: boolean;
  /** Version, seed and replay command, passed through to run-start for the reports. */
  about?: RunAbout;
  /** Stops the run (its reason: "SIGINT" or "SIGTERM"): no case starts, exchanges in flight end, run-end says so. */
  signal?: AbortSignal;
}

export interface PreparedRun {
  contract: Contract;
  fixtures: Fixture[];
  cases: ConformanceCase[];
  picks: Picks;
  checks: string[];
  /** The generated cases' descriptions (`--list`, and rule coverage with `--generate`). */
  generatedFamilies: ConformanceCase[];
  /** The generated families selected (by `--generate`, or named by `--case`). */
  generatedSelected: ConformanceCase[];
  /** The coverage phase's families selected (in every default run; `--exclude-tags coverage` leaves them out). */
  coverage: CoverageCase[];
  /** Every case loaded, selected or not. */
  available: ConformanceCase[];
}

/** What `prepareRun` reads: every option but the target, which `--list` does without. */
export type PrepareOptions = Omit<ConformanceOptions, "target"> & { target?: string };

/** `--checks`: names of the registry (default: every check). */
function selectedChecks(names: readonly string[] | undefined): string[] {
  const checks = names?.length ? [...names] : [...checkRegistry.keys()];
  const unknown = checks.filter((c) => !checkRegistry.has(c));
  if (unknown.length)
    throw new SetupError(
      "options",
      `unknown check(s) ${unknown.join(", ")} (checks: ${[...checkRegistry.keys()].join(", ")})`,
    );
  return checks;
}

/** The fixtures and every case file (the built-in folder or `--cases`, and each `--add-cases`), ids unique. */
async function loadInputs(options: PrepareOptions, contract: Contract) {
  try {
    const fixtures = await loadFixtures(options.fixturesPath ?? defaultFixturesPath, contract);
    const all = await loadCases(options.casesDir ?? defaultCasesDir);
    for (const dir of options.addCasesDirs ?? [])
      for (const c of await loadCases(dir)) {
        const before = all.find((x) => x.id === c.id);
        if (before)
          throw new CaseError(
            c.source.file,
            `case id '${c.id}' is also used at ${before.source.file}:${before.source.line}`,
            c.source.line,
          );
        all.push(c);
      }
    return { fixtures, all };
  } catch (error) {
    if (error instanceof FixtureError) throw new SetupError("fixtures", error.message);
    if (error instanceof CaseError) throw new SetupError("cases", error.message);
    throw error;
  }
}

/** DESIGN "Test selection": every tag and id named exists, and the groups named can run. */
function checkSelection(
  options: PrepareOptions,
  all: readonly ConformanceCase[],
  families: readonly ConformanceCase[],
) {
  const known = knownTags([...all, ...families]);
  for (const [flag, list] of [
    ["--tags", options.tags ?? []],
    ["--exclude-tags", options.excludeTags ?? []],
  ] as const) {
    const unknownTags = list.filter((t) => !known.includes(t));
    if (unknownTags.length)
      throw new SetupError(
        "options",
        `${flag}: unknown tag${unknownTags.length > 1 ? "s" : ""} ${unknownTags.join(", ")} (known tags: ${known.join(", ")})`,
      );
  }
  if (options.tags?.includes("completion") && options.callingNameDelayMs === undefined)
    throw new SetupError(
      "options",
      "--tags completion needs --calling-name-delay DURATION (the target's calling-name delay, which the cases wait for)",
    );
  for (const glob of options.caseIds ?? [])
    if (![...all, ...families].some((c) => globMatches(glob, c.id)))
      throw new SetupError("options", `--case ${glob}: no case has an id it matches (see --list)`);
}

/** The group `auth` signs right and wrong: it needs a signing client (`--sign sigv4`). */
function checkSigning(options: PrepareOptions, cases: readonly ConformanceCase[]): void {
  const signed = cases.find((c) => c.steps.some((step) => !isGroup(step) && step.sign !== undefined));
  if (signed && !options.signs && options.target !== undefined)
    throw new SetupError(
      "options",
      `case '${signed.id}' (group auth) sends requests signed right and wrong: it needs --sign sigv4 and valid credentials from the standard AWS sources (without --target, the embedded server hands the runner its own)`,
    );
}

/** Loads and checks everything a run needs, touching no target; `--list` stops here. */
export async function prepareRun(options: PrepareOptions): Promise<PreparedRun> {
  const checks = selectedChecks(options.checks);
  const contract = await loadContract(options.specPath ?? defaultSpecPath);
  const { fixtures, all } = await loadInputs(options, contract);
  const maxExamples = options.generate?.maxExamples ?? defaultMaxExamples;
  const generatedFamilies = generatedCases({ seed: 0, maxExamples }, fixtures).map((g) => g.case);
  const coverageAll = coverageCases();
  checkSelection(options, [...all, ...coverageAll.map((c) => c.case)], generatedFamilies);
  const more = {
    ...(options.caseIds ? { caseIds: options.caseIds } : {}),
    completion: options.callingNameDelayMs !== undefined,
  };
  const cases = selectCases(all, options.tags, options.excludeTags, more);
  const coverageIds = new Set(
    selectCases(
      coverageAll.map((c) => c.case),
      options.tags,
      options.excludeTags,
      more,
    ).map((c) => c.id),
  );
  // Generated families join on --generate, or where --case names them.
  const generatedSelected = options.caseIds?.length
    ? selectCases(generatedFamilies, options.tags, options.excludeTags, more)
    : options.generate
      ? generatedFamilies.filter((c) => !c.tags.some((t) => options.excludeTags?.includes(t)))
      : [];
  const coverage = options.generate?.only ? [] : coverageAll.filter((c) => coverageIds.has(c.case.id));
  // Described as they will run: a boundary the coverage phase sends already is not sent again.
  const sent = new Set(coverage.flatMap((c) => c.items.map((i) => requestKey(i.prefer, i.body))));
  const described = new Map(generatedCases({ seed: 0, maxExamples }, fixtures, sent).map((g) => [g.case.id, g.case]));
  for (const list of [generatedFamilies, generatedSelected])
    for (const [i, c] of list.entries()) list[i] = described.get(c.id) ?? c;
  if (cases.length === 0 && coverage.length === 0 && generatedSelected.length === 0 && !options.generate)
    throw new SetupError("options", "no case is selected by the given tags");
  checkSigning(options, cases);
  let picks: Picks;
  try {
    picks = pickNumbers(cases, fixtures);
  } catch (error) {
    if (error instanceof PickError) throw new SetupError("pick", error.message);
    throw error;
  }
  return { contract, fixtures, cases, picks, checks, generatedFamilies, generatedSelected, coverage, available: all };
}

export function caseInfo(c: ConformanceCase, picks: Picks): CaseInfo {
  const numbers: Record<string, string> = {};
  for (const [key, picked] of picks.get(c.id) ?? []) numbers[key] = e164Of(picked);
  return { id: c.id, title: c.title, rules: c.rules, tags: c.tags, file: c.source.file, line: c.source.line, numbers };
}
