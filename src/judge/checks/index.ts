import { addressed } from "./addressed.js";
import type { Check, ExchangeInput, Finding, ResponseCheck } from "./check.js";
import { contentType } from "./content-type.js";
import { errorEnvelope } from "./error-envelope.js";
import { expectedError } from "./expected-error.js";
import { expectedMembers } from "./expected-members.js";
import { expectedStatus } from "./expected-status.js";
import { noNullMembers } from "./no-null-members.js";
import { noServerError } from "./no-server-error.js";
import { readBack } from "./read-back.js";
import { requestId } from "./request-id.js";
import { responseReceived } from "./response-received.js";
import { responseSchema } from "./response-schema.js";
import { stateChange } from "./state-change.js";
import { statusDocumented } from "./status-documented.js";
import { timestamps } from "./timestamps.js";

export type { Check, CheckInput, ExchangeInput, Finding, ResponseCheck } from "./check.js";

/**
 * DESIGN "Checks the runner applies to every response": they judge an exchange on its own, so the runner, the
 * validating proxy and the server's tests apply the same ones.
 */
export const responseChecks: readonly ResponseCheck[] = [
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

/** The checks of a case's own expectations (status, error, members, state change, read-back). */
export const caseChecks: readonly Check[] = [expectedStatus, expectedError, expectedMembers, stateChange, readBack];

/** Every check by name, in the order they run and reports list them. */
export const checkRegistry: ReadonlyMap<string, Check | ResponseCheck> = new Map(
  [...responseChecks, ...caseChecks].map((c) => [c.name, c]),
);

/** The response checks applied to one exchange, whoever made it: the findings, each naming its rule. */
export function checkExchange(input: ExchangeInput, names?: readonly string[]): Finding[] {
  const out: Finding[] = [];
  for (const check of responseChecks) if (!names || names.includes(check.name)) out.push(...check.run(input));
  return out;
}
