/**
 * The members of the document's schemas that code names: the details an UpdatePhoneNumber may set and the
 * members of a PhoneNumber. Typed from `generated/` (held to the document by `generate --check`), so that tsc
 * fails when the document gains or loses a member the lists do not; tests hold the lists, their order and the
 * rules cited to the loaded document.
 */
import type { components } from "../../generated/openapi.js";
import type { RuleId } from "./rules.js";

type Schemas = components["schemas"];

export type RequestDetail = keyof Schemas["UpdatePhoneNumberRequest"];
export type PhoneNumberMember = keyof Schemas["PhoneNumber"];

/** The value a detail carries once validated (V2: `null` counts as absent). */
export type DetailValue<D extends RequestDetail = RequestDetail> = NonNullable<Schemas["UpdatePhoneNumberRequest"][D]>;

/** One detail with its value: what an UpdatePhoneNumber asks for once validated. */
export type DetailUpdate = { [D in RequestDetail]: { member: D; value: DetailValue<D> } }[RequestDetail];

export interface DetailRules {
  /** The rule that validates the value (the document's description of the member cites it). */
  validation: RuleId;
  /** The rule a successful update of it is judged by. */
  update: RuleId;
}

/**
 * The details of an UpdatePhoneNumber (V3: exactly one per request), in the document's order, each with its
 * rules. `satisfies Record<...>`: one entry per member of the request schema, no other.
 */
export const detailRules = {
  CallingName: { validation: "V4", update: "S4" },
  Name: { validation: "V5", update: "S3" },
  ProductType: { validation: "V6", update: "S6" },
} as const satisfies Record<RequestDetail, DetailRules>;

export const requestDetails = Object.keys(detailRules) as readonly RequestDetail[];

export function isRequestDetail(value: string): value is RequestDetail {
  return Object.hasOwn(detailRules, value);
}

/**
 * The PhoneNumber members the contract knows, in the document's order; members a newer service adds are not
 * among them. tsc checks that the list names every member of the schema.
 */
export const phoneNumberMembers = everyMemberOf<PhoneNumberMember>()([
  "PhoneNumberId",
  "E164PhoneNumber",
  "Country",
  "Type",
  "ProductType",
  "Status",
  "Capabilities",
  "Associations",
  "CallingName",
  "CallingNameStatus",
  "CreatedTimestamp",
  "UpdatedTimestamp",
  "DeletionTimestamp",
  "OrderId",
  "Name",
]);

/** A list that tsc refuses unless it names every member of `M` (each at most once is the tests' part). */
function everyMemberOf<M extends string>() {
  return <const L extends readonly M[]>(
    list: L & ([Exclude<M, L[number]>] extends [never] ? unknown : { "members not listed": Exclude<M, L[number]> }),
  ): readonly M[] => list;
}

/** S4: the CallingNameStatus values a calling-name update ends in (it is `UpdateInProgress` until then). */
export const completedStatuses: ReadonlySet<string> = new Set(["UpdateSucceeded", "Unassigned", "UpdateFailed"]);
