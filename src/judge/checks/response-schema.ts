import { parseBody } from "../exchange.js";
import { completeResponse, finding, hasBody, type Finding, type Check } from "./check.js";

/**
 * The ajv errors a finding keeps: enough to see what is wrong, where an array of 80,000 invalid items has 240,000
 * errors (with `allErrors`), which every report would otherwise carry.
 */
const keptErrors = 20;

/**
 * W4: the documented headers that are present validate against their schemas (their presence is W2/W3's), and
 * the body validates against the document's schema for the operation and status (ajv, compiled once).
 */
export const responseSchema: Check = {
  name: "response_schema",
  description: "headers and body validate against spec/openapi.yaml for the operation and status",
  run(input) {
    const response = input.exchange.response;
    if (!response) return [];
    const out: Finding[] = [];
    const documented = input.contract.operation(input.operation ?? "UpdatePhoneNumber").responses.get(response.status);
    for (const header of documented?.headers ?? []) {
      const value = response.headers[header.name.toLowerCase()];
      if (value === undefined) continue;
      const outcome = header.validate(value);
      if (!outcome.valid)
        out.push(
          finding(
            this.name,
            "W4",
            `the header ${header.name} ${JSON.stringify(value)} does not match the document's schema`,
            input,
            outcome.errors,
          ),
        );
    }
    if (!completeResponse(input) || !hasBody(input)) return out;
    const validate = input.contract.responseValidator(input.operation ?? "UpdatePhoneNumber", response.status);
    if (!validate) return out;
    const parsed = parseBody(response);
    if (!parsed.ok) return [...out, finding(this.name, "W4", parsed.reason, input)];
    const outcome = validate(parsed.value);
    if (outcome.valid) return out;
    const errors = outcome.errors;
    const first = errors[0];
    const summary = first ? `${first.instancePath || "(body)"} ${first.message ?? "is invalid"}` : "is invalid";
    const kept = errors.length > keptErrors ? ` (${errors.length} errors; the first ${keptErrors} kept)` : "";
    out.push(
      finding(
        this.name,
        "W4",
        `the ${response.status} body does not match the document's schema: ${summary}${kept}`,
        input,
        errors.slice(0, keptErrors),
      ),
    );
    return out;
  },
};
