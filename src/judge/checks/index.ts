import { addressed } from "./addressed.js";
import type { Check, CheckInput, Finding } from "./check.js";
import { contentType } from "./content-type.js";
import { errorEnvelope } from "./error-envelope.js";
import { expectedError } from "./expected-error.js";
import { expectedMembers } from "./expected-members.js";
import { expectedStatus } from "./expected-status.js";
import { fixturesHeld } from "./fixtures-held.js";
import { noNullMembers } from "./no-null-members.js";
import { noServerError } from "./no-server-error.js";
import { readBack } from "./read-back.js";
import { requestId } from "./request-id.js";
import { responseReceived } from "./response-received.js";
import { responseSchema } from "./response-schema.js";
import { stateChange } from "./state-change.js";
import { statusDocumented } from "./status-documented.js";
import { timestamps } from "./timestamps.js";

export type { Check, CheckInput, Finding, SessionView } from "./check.js";

/**
 * DESIGN "Checks the runner applies to every response": they judge an exchange on its own, so the runner, the
 * validating proxy and the server's tests apply the same ones.
 */
export const responseChecks: readonly Check[] = [
  responseReceived,
  statusDocumented,
  contentType,
  responseSchema,
  errorEnvelope,
  requestId,
  timestamps,
  addressed,
  noNullMembers,
  noServerError,
];

/** The checks of what a tester expects (`expected`) and knows of the numbers (`model`). */
export const expectationChecks: readonly Check[] = [
  expectedStatus,
  expectedError,
  expectedMembers,
  stateChange,
  readBack,
  fixturesHeld,
];

/** Every check by name, in the order they run and reports list them: the only names a finding carries. */
export const checkRegistry: ReadonlyMap<string, Check> = new Map(
  [...responseChecks, ...expectationChecks].map((c) => [c.name, c]),
);

/**
 * The one way every tester judges an exchange: the checks named (default: all), each a pure function of the
 * input, a check whose inputs are not given finding nothing. The findings, each naming its check and rule.
 */
export function judgeExchange(input: CheckInput, names?: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const check of checkRegistry.values()) if (!names || names.includes(check.name)) out.push(...check.run(input));
  return out;
}

/** The response checks alone on one exchange (W2-W5), whoever made it. */
export function checkExchange(input: CheckInput, names?: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const check of responseChecks) if (!names || names.includes(check.name)) out.push(...check.run(input));
  return out;
}
