// The PhoneNumber the judge and server tests answer with: a US local number on a Voice Connector, no calling name,
// as GetPhoneNumber returns it (DESIGN "Fixtures"). Tests that need another state spread it and change a member.
export const phoneNumber = {
  PhoneNumberId: "%2B12065550100",
  E164PhoneNumber: "+12065550100",
  Country: "US",
  Type: "Local",
  ProductType: "VoiceConnector",
  Status: "Assigned",
  CallingNameStatus: "Unassigned",
  CreatedTimestamp: "2026-01-05T10:00:00.000Z",
  UpdatedTimestamp: "2026-01-05T10:00:00.000Z",
} as const;

/** The same number with a Name. */
export const namedPhoneNumber = { ...phoneNumber, Name: "Front desk" } as const;
