import { parseBody } from "../exchange.js";
import { completeResponse, finding, hasBody, type Check } from "./check.js";

/** W4: the body validates against the document's schema for the operation and status (ajv, compiled once). */
export const responseSchema: Check = {
  name: "response_schema",
  description: "the body validates against spec/openapi.yaml for the operation and status",
  run(input) {
    const response = completeResponse(input);
    if (!response || !hasBody(input)) return [];
    const validate = input.contract.responseValidator(input.operation ?? "UpdatePhoneNumber", response.status);
    if (!validate) return [];
    const parsed = parseBody(response);
    if (!parsed.ok) return [finding(this.name, "W4", parsed.reason, input)];
    const outcome = validate(parsed.value);
    if (outcome.valid) return [];
    const first = outcome.errors[0];
    const summary = first ? `${first.instancePath || "(body)"} ${first.message ?? "is invalid"}` : "is invalid";
    return [
      finding(
        this.name,
        "W4",
        `the ${response.status} body does not match the document's schema: ${summary}`,
        input,
        outcome.errors,
      ),
    ];
  },
};
