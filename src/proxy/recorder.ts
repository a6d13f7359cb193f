import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import type { NumberNeed, RuleId, Step } from "../cases/case.js";
import { caseFormatVersion, ruleIds } from "../cases/case.js";
import type { Fixture } from "../fixtures/fixtures.js";
import { makeFolder } from "../folder.js";
import type { JudgedExchange } from "./judge.js";
import { describeNumber, fixtureOf } from "./number-description.js";
import { observe, type Observation } from "./observation.js";
import { concurrentGroups, StepWriter } from "./recorded-steps.js";

/** What `write` wrote: the case file, and the fixtures file of the numbers the traffic answered. */
export interface Recorded {
  cases: string;
  fixtures?: string;
  steps: number;
  numbers: number;
}

/**
 * `--record DIR` (DESIGN "Record and replay"): the traffic as one case in the case format, and the numbers it
 * addressed as a fixtures file beside it. Each exchange is a step whose expectation is what was answered: the
 * status, the error shape and Code, and the members that do not depend on which number a replay picks (those the
 * number's description fixes and those the session's own updates set). Exchanges on one number that were in flight
 * at once are a group step. Each number is described by the properties its steps depend on, as it was before the
 * session changed it, so that `test --cases DIR` replays it on numbers in that state, whatever its target holds.
 */
export class Recorder {
  private readonly observations: Observation[] = [];
  private readonly started = new Date();
  /** Exchanges a case cannot replay: no complete answer, or a method the case format has not. */
  unrecorded = 0;

  constructor(readonly dir: string) {}

  add(j: JudgedExchange): void {
    if (j.path.startsWith("/_control/")) return;
    const o = observe(j, Date.now());
    if (o) this.observations.push(o);
    else this.unrecorded++;
  }

  /** Writes the case file and the fixtures file; undefined when no exchange was recorded. */
  async write(): Promise<Recorded | undefined> {
    if (!this.observations.length) return undefined;
    const together = concurrentGroups(this.observations);
    const byNumber = new Map<string, Observation[]>();
    for (const o of this.observations)
      if (o.to.kind === "number") {
        const list = byNumber.get(o.to.e164);
        if (list) list.push(o);
        else byNumber.set(o.to.e164, [o]);
      }
    const keys = new Map<string, string>();
    const needs = new Map<string, NumberNeed>();
    const fixtures: Fixture[] = [];
    for (const [e164, seen] of byNumber) {
      keys.set(e164, `number${keys.size + 1}`);
      const need = describeNumber(seen, together);
      needs.set(e164, need);
      const fixture = need.unknown ? undefined : fixtureOf(seen);
      if (fixture) fixtures.push(fixture);
    }
    const writer = new StepWriter(keys, needs);
    const steps: Step[] = [];
    for (const o of this.observations) {
      const group = together.get(o);
      // A group is written once all of it has ended, where its last exchange ended.
      if (!group) steps.push(writer.single(o));
      else if (group[group.length - 1] === o) steps.push(writer.group(group));
    }
    const rules = new Set<RuleId>(steps.map((s) => s.rule!));
    const stamp = this.started.toISOString().replace(/[:.]/g, "-");
    const numbers: Record<string, NumberNeed> = {};
    for (const [e164, key] of keys) numbers[key] = needs.get(e164)!;
    const file = {
      version: caseFormatVersion,
      cases: [
        {
          id: `recorded-${stamp}`,
          title: `Traffic recorded through the proxy at ${this.started.toISOString()}`,
          rules: ruleIds.filter((r) => rules.has(r)),
          tags: ["recorded"],
          numbers,
          steps,
        },
      ],
    };
    makeFolder(this.dir);
    const cases = join(this.dir, `recorded-${stamp}.yaml`);
    const written: Recorded = { cases, steps: steps.length, numbers: keys.size };
    if (fixtures.length) {
      written.fixtures = join(this.dir, `recorded-${stamp}.fixtures.json`);
      await writeFile(written.fixtures, `${JSON.stringify(fixtures, null, 2)}\n`);
    }
    const header = [
      "# Recorded by chime-voice-contract proxy: each exchange a step, its answer the expectation, each number described",
      "# by its properties as the session found it (replayed on any number in that state the target holds).",
      ...(written.fixtures
        ? [`# The numbers as first answered: recorded-${stamp}.fixtures.json (test --fixtures).`]
        : []),
    ];
    await writeFile(cases, `${header.join("\n")}\n${stringify(file, { lineWidth: 0 })}`);
    return written;
  }
}
