import type { Fixture } from "../fixtures/fixtures.js";
import { readRequest } from "../http/request.js";
import { numberAnswered } from "../judge/checks/check.js";
import { fixturesHeld, notHeld } from "../judge/checks/fixtures-held.js";
import type { Exchange } from "../judge/exchange.js";
import { readBack, untouched } from "../judge/expectation.js";
import { finding, reportFinding, type ReportedFinding } from "../judge/finding.js";
import type { Engine } from "./engine.js";

/** The pseudo-case under which the read of every fixture number is reported, first in every run. */
export const fixtureReadCase = {
  id: "target-holds-fixtures",
  title: "The target holds every fixture number, as the same number and Country (each read once before the cases)",
  rules: ["W2" as const],
  tags: ["fixtures"],
  numbers: {},
  steps: [],
  source: { file: "(before the cases)", line: 1 },
};

export interface FixtureRead {
  /** What the target answered for each number it holds as the fixtures describe it, as it is now. */
  held: Fixture[];
  /** The numbers of `held` read from the target in a well-formed answer: what S6 compares after the cases. */
  read: Fixture[];
  /** Numbers the target answered with a well-formed 404, or as another number or Country. */
  missing: Array<{ e164: string; why: string }>;
  findings: ReportedFinding[];
  requests: number;
  /** The statuses the reads were answered with, each once, in the order first seen. */
  statuses: number[];
}

export interface ReadPacing {
  /** Retries of a read answered 429 (default 3), after a pause that doubles from `backoffMs` (default 250 ms). */
  retries?: number;
  backoffMs?: number;
}

/**
 * DESIGN "The runner against a live target": every fixture number read once, all at once (as many in flight as
 * the engine's cap lets), a 429 retried a bounded number of times; each answer judged like any other exchange,
 * and taken in the fixtures' order. A target that answers a fixture number with a well-formed 404, or with another
 * E164PhoneNumber or Country, is one finding naming every such number; the cases that need them are then not run
 * because of it.
 */
export async function readFixtures(
  engine: Engine,
  fixtures: readonly Fixture[],
  pacing: ReadPacing = {},
): Promise<FixtureRead> {
  const retries = pacing.retries ?? 3;
  const before = engine.requests;
  const answers = await Promise.all(
    fixtures.map((fixture) =>
      engine.exchangePatiently(
        readRequest(engine.target, fixture.E164PhoneNumber),
        { operation: "GetPhoneNumber", addressed: fixture.E164PhoneNumber, rule: "W2" },
        retries,
        pacing.backoffMs,
      ),
    ),
  );
  const held: Fixture[] = [];
  const read: Fixture[] = [];
  const missing: FixtureRead["missing"] = [];
  const findings: ReportedFinding[] = [];
  let lastMissing: Exchange | undefined;
  const statuses = new Set<number>();
  for (const [i, fixture] of fixtures.entries()) {
    const { exchange, findings: judged } = answers[i]!;
    const e164 = fixture.E164PhoneNumber;
    // Not held is reported once for every number below; the read's other findings stand as they are.
    const own = judged.filter((f) => f.check !== fixturesHeld.name);
    findings.push(...own);
    if (exchange.failure || exchange.response?.status === 429) {
      // No complete answer, or still throttled after the retries: what the later reads show says the same again
      // (each case reads its numbers again anyway), so the first such read speaks for them.
      held.push(...fixtures.slice(i));
      break;
    }
    const status = exchange.response?.status;
    if (status !== undefined) statuses.add(status);
    // Whether it is held is decided whatever `--checks` selects: the cases depend on it.
    const why = notHeld(exchange, fixture);
    const number = numberAnswered(exchange, e164);
    if (why && (status !== 404 || own.length === 0)) {
      missing.push({ e164, why });
      lastMissing = exchange;
    } else if (number && judged.length === 0) {
      const answered = { ...number, PhoneNumberId: fixture.PhoneNumberId, E164PhoneNumber: e164 };
      engine.model.learn(e164, answered, { update: false });
      held.push(answered);
      read.push(answered);
    }
    // Not an answer to pick by (an error, or a number missing what a number has): its findings stand, and the
    // cases judge the number as the fixtures describe it.
    else held.push(fixture);
  }
  if (missing.length && lastMissing)
    findings.unshift(
      reportFinding(
        finding(
          fixturesHeld.name,
          "W2",
          `the target does not hold ${missing.length} of the ${fixtures.length} fixture numbers as the fixtures describe them: ${missing.map((m) => `${m.e164} (${m.why})`).join("; ")}; cases that need them are not run (give --fixtures what the target holds, or reset it)`,
          lastMissing,
        ),
      ),
    );
  return { held, read, missing, findings, requests: engine.requests - before, statuses: [...statuses] };
}

/** The pseudo-case under which every number no update addressed is read again once the cases are done (S6). */
export const untouchedCase = {
  id: "target-numbers-untouched",
  title: "Numbers no update addressed hold, after the cases, what they held before them",
  rules: ["S6" as const],
  tags: ["fixtures"],
  numbers: {},
  steps: [],
  source: { file: "(after the cases)", line: 1 },
};

/**
 * S6, "no other number changes at all", across the whole run: each number that no update answered 200
 * addressed is read again, all at once, and must hold what it held before the cases (a pending calling name may
 * complete).
 * `before` holds only numbers the target answered well before the cases: nothing else is known to compare.
 */
export async function readUntouched(
  engine: Engine,
  before: readonly Fixture[],
): Promise<{ findings: ReportedFinding[]; requests: number }> {
  const start = engine.requests;
  const found = await Promise.all(
    before
      .filter((held) => !engine.model.updated.has(held.E164PhoneNumber))
      .map(async (held) => {
        const e164 = held.E164PhoneNumber;
        const { findings } = await engine.exchangePatiently(readRequest(engine.target, e164), {
          rule: "S6",
          operation: "GetPhoneNumber",
          addressed: e164,
          expected: readBack(untouched(held, e164)),
        });
        return findings;
      }),
  );
  // In the numbers' order, up to the first read that got no answer: the later ones would say it again.
  const findings: ReportedFinding[] = [];
  for (const f of found) {
    findings.push(...f);
    if (f.some((x) => x.exchange.failure)) break;
  }
  return { findings, requests: engine.requests - start };
}
