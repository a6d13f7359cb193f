// Compiled by `npm run typecheck` (never run): the generated types as a consumer would use them.
// Each @ts-expect-error is an assertion that fails the type check if the types stop rejecting it.
import type { components, operations, paths } from "../../generated/openapi.js";

type UpdateBody = NonNullable<operations["UpdatePhoneNumber"]["requestBody"]>["content"]["application/json"];
type UpdateOk = operations["UpdatePhoneNumber"]["responses"][200]["content"]["application/json"];
type GetPath = paths["/phone-numbers/{phoneNumberId}"]["get"]["parameters"]["path"];
type NotFound = operations["GetPhoneNumber"]["responses"][404]["content"]["application/json"];

export const rename: UpdateBody = { Name: "Front desk" };
export const product: UpdateBody = { ProductType: "SipMediaApplicationDialIn" };
// @ts-expect-error V6: not a product type
export const badProduct: UpdateBody = { ProductType: "BusinessCalling" };
// @ts-expect-error V7: Name is a string
export const badName: UpdateBody = { Name: 42 };
export const path: GetPath = { phoneNumberId: "%2B12065550100" };

export function describe(answer: UpdateOk): string {
  const n = answer.PhoneNumber;
  const status: components["schemas"]["CallingNameStatus"] | undefined = n?.CallingNameStatus;
  return `${n?.E164PhoneNumber ?? "?"} ${status ?? ""} ${n?.Capabilities?.InboundCall === true ? "in" : ""}`;
}

export const notFound: NotFound = { Code: "NotFound", Message: "The phone number was not found." };
// @ts-expect-error W3: a 404's Code is NotFound
export const wrongCode: NotFound = { Code: "BadRequest", Message: "x" };
