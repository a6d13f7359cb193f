import type { PhoneNumber } from "../fixtures/fixtures.js";
import { updateRequest } from "../http/request.js";
import { numberAnswered } from "../judge/checks/check.js";
import { sameValue } from "../judge/difference.js";
import type { Expectation } from "../judge/expectation.js";
import { inContext, type ReportedFinding } from "../judge/finding.js";
import type { Engine } from "./engine.js";

/**
 * An update the tester sends for its own ends (putting a number back, making one pending), judged as any update
 * the contract accepts: 200 under `rule`. Its findings say why it was sent.
 */
export async function ownUpdate(
  engine: Engine,
  e164: string,
  body: string,
  rule: Expectation["rule"],
  why: string,
): Promise<ReportedFinding[]> {
  const { exchange, findings } = await engine.exchange(updateRequest(engine.target, e164, body), {
    operation: "UpdatePhoneNumber",
    addressed: e164,
    rule,
    expected: { rule, status: 200 },
  });
  const answered = numberAnswered(exchange, e164);
  if (answered) engine.model.learn(e164, answered, { update: true });
  return inContext(findings, why);
}

/**
 * What the contract lets a tester put back, it puts back: the number's Name and ProductType as they were (a
 * calling-name update cannot be undone for 72 hours), so that a target lives on across runs.
 */
export async function putBack(engine: Engine, e164: string, was: PhoneNumber): Promise<ReportedFinding[]> {
  const findings: ReportedFinding[] = [];
  for (const [member, rule] of [
    ["Name", "S3"],
    ["ProductType", "S6"],
  ] as const) {
    const now = engine.model.held(e164);
    const value = was[member] ?? "";
    // A value of another JSON type than the request's string (a target answered it) is not put back: no request
    // carries it, and its depth is the target's.
    if (!now || typeof value !== "string" || sameValue(now[member], was[member])) continue;
    findings.push(
      ...(await ownUpdate(engine, e164, JSON.stringify({ [member]: value }), rule, `putting ${member} back as it was`)),
    );
  }
  return findings;
}
