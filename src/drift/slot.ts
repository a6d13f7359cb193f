import { hasTrait, trait, type SmithyMember, type SmithyShape } from "./smithy.js";

/** A value slot of the model: a structure member, a list's member, a label; or a shape compared as a whole. */
export interface Slot {
  /** `ns#Structure$member`, or the shape id itself for a whole shape. */
  id: string;
  target: string;
  traits?: Record<string, unknown>;
}

/** The slot of a structure's (or a list's, or a map's) member. */
export function memberSlot(parentId: string, name: string, member: SmithyMember): Slot {
  return { id: `${parentId}$${name}`, target: member.target, traits: member.traits };
}

/** A trait of a slot, the member's own first (member traits override the target's), with the shape that carries it. */
export function slotTrait(
  slot: Slot,
  target: SmithyShape,
  name: string,
): { value: unknown; shape: string } | undefined {
  if (hasTrait(slot.traits, name)) return { value: trait(slot.traits, name), shape: slot.id };
  if (hasTrait(target.traits, name)) return { value: trait(target.traits, name), shape: slot.target };
  return undefined;
}

/**
 * Where a model names a URI label otherwise than by its member: botocore writes `{phoneNumberId}` for the member
 * `PhoneNumberId` (its `locationName`), which Smithy's `httpLabel` has no place for; botocore.ts keeps it here.
 */
export const uriLabelTrait = "botocore#locationName";

/** The name a label member has in the model's URI: its own in Smithy, its `locationName` in botocore. */
export function uriLabelName(name: string, member: SmithyMember): string {
  const written = member.traits?.[uriLabelTrait];
  return typeof written === "string" ? written : name;
}

/** Members bound elsewhere than the JSON body. */
export const httpBindingTraits = [
  "httpLabel",
  "httpHeader",
  "httpQuery",
  "httpPrefixHeaders",
  "httpQueryParams",
  "httpPayload",
  "httpResponseCode",
];

export function isBodyMember(traits: Record<string, unknown> | undefined): boolean {
  return !httpBindingTraits.some((name) => hasTrait(traits, name));
}
