import { finding, stepRule, type Check } from "./check.js";

/** The case's own expectation of the status (a read-back expects 200). */
export const expectedStatus: Check = {
  name: "expected_status",
  description: "the status is the one the case expects",
  run(input) {
    const response = input.exchange.response;
    if (!response) return [];
    const want = input.role === "read-back" ? 200 : input.step.expect.status;
    if (response.status === want) return [];
    const rule = input.role === "read-back" ? (input.expected?.rule ?? stepRule(input)) : stepRule(input);
    const what = input.role === "read-back" ? "the read-back (GetPhoneNumber)" : "the case";
    return [finding(this.name, rule, `${what} expects status ${want}, the target answered ${response.status}`, input)];
  },
};
