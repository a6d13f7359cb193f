import type { ConformanceCase } from "../../cases/case.js";
import type { Fixture } from "../../fixtures/fixtures.js";
import type { Engine } from "../engine.js";
import { NumberLocks } from "../locks.js";
import type { CaseInfo, ReportedFinding, RunnerEvent } from "../../judge/events.js";
import { Session } from "./session.js";
import { generatedCases, type GenerateOptions, type GeneratedCase, type SavedFailure } from "./suite.js";

/** What `--generate` asks of a run, and where it reports what only generated cases have. */
export interface GeneratedRun extends GenerateOptions {
  /** The generated cases to run (default: all of `generatedCases`); replay passes its own. */
  cases?: GeneratedCase[];
  /** Run only the generated cases, none of the hand-written ones (`--replay`). */
  only?: boolean;
  /** Each generated failure, with the steps that reproduce it (`--save-failures`). */
  onFailure?(failure: SavedFailure): void;
  /** Once, at the end: requests sent by generated cases and how long they took. */
  onDone?(stats: { requests: number; durationMs: number; seed: number }): void;
}

export function generatedInfo(c: ConformanceCase): CaseInfo {
  return {
    id: c.id,
    title: c.title,
    rules: c.rules,
    tags: c.tags,
    file: c.source.file,
    line: c.source.line,
    numbers: {},
  };
}

/**
 * The generated phase of a run: the case descriptions for run-start, then, when asked, the events of running
 * them one after another (each compares every number before and after), after a first read of every fixture
 * number (the model's starting point). Within a case, requests to different numbers are in flight at once.
 */
export function runGenerated(
  options: GeneratedRun,
  context: {
    prepared: { fixtures: readonly Fixture[] };
    engine: Engine;
    excludeTags?: readonly string[];
    /** The families selected (by id); all when absent. */
    selected?: ReadonlySet<string>;
    /** Requests the coverage phase sends in this run (`requestKey`): not sent again. */
    sent?: ReadonlySet<string>;
  },
) {
  // `--exclude-tags` (such as mutates, calling-name, decided) leaves generated cases out as it does hand-written ones.
  const exclude = context.excludeTags ?? [];
  const cases = (options.cases ?? generatedCases(options, context.prepared.fixtures, context.sent)).filter(
    (g) =>
      !g.case.tags.some((t) => exclude.includes(t)) &&
      (options.cases || !context.selected || context.selected.has(g.case.id)),
  );
  const infos = cases.map((g) => generatedInfo(g.case));
  return {
    infos,
    described: cases.map((g) => g.case),
    async *events(firstIndex: number): AsyncGenerator<RunnerEvent> {
      const lanes = new NumberLocks(context.engine.slots);
      const fixtures = context.prepared.fixtures;
      const phase = context.engine.scope();
      const started = performance.now();
      let learned = false;
      for (const [offset, g] of cases.entries()) {
        const index = firstIndex + offset;
        const info = infos[offset]!;
        yield { type: "case-start", index, case: info };
        const caseStarted = performance.now();
        const session = new Session({ engine: phase.scope(), fixtures, lanes });
        const findings: ReportedFinding[] = [];
        if (!learned) {
          await session.sync(new Set(), true);
          learned = true;
        }
        const result = await g.run(session);
        findings.push(...result.findings);
        for (const failure of result.failures) options.onFailure?.(failure);
        yield {
          type: "case-end",
          index,
          case: info,
          outcome: findings.length ? "failed" : "passed",
          findings,
          requests: session.requests,
          durationMs: performance.now() - caseStarted,
        };
      }
      options.onDone?.({ requests: phase.requests, durationMs: performance.now() - started, seed: options.seed });
    },
  };
}
