import { addressed } from "./addressed.js";
import type { Check } from "./check.js";
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

export type { Check, CheckInput, Finding } from "./check.js";

/** Every check by name, in the order they run and reports list them. */
export const checkRegistry: ReadonlyMap<string, Check> = new Map(
  [
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
    expectedStatus,
    expectedError,
    expectedMembers,
    stateChange,
    readBack,
  ].map((c) => [c.name, c]),
);
