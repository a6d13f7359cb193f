import { finding, type Check } from "./check.js";

/** W2, W3: every response carries a non-empty `x-amzn-RequestId` that no earlier response of the run had. */
export const requestId: Check = {
  name: "request_id",
  description: "x-amzn-RequestId is present and unique",
  run(input) {
    const response = input.exchange.response;
    if (!response) return [];
    const rule = response.status < 400 ? "W2" : "W3";
    const value = response.headers["x-amzn-requestid"];
    if (value === undefined || value.trim() === "")
      return [finding(this.name, rule, "no x-amzn-RequestId header", input)];
    if (input.session?.requestIdsSeen?.has(value))
      return [finding(this.name, rule, `x-amzn-RequestId '${value}' was already used by an earlier response`, input)];
    return [];
  },
};
