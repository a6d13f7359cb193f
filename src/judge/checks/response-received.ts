import { exchangeRule, finding, type Check } from "./check.js";

/** The target answered completely within the timeout and the read limit. */
export const responseReceived: Check = {
  name: "response_received",
  description: "a complete response arrives within the timeout and the read limit",
  run(input) {
    const failure = input.exchange.failure;
    // Stopped by the tester's own signal (Ctrl-C): nothing the target did.
    if (!failure || failure.kind === "interrupted") return [];
    const what =
      failure.kind === "timeout"
        ? "no complete response"
        : failure.kind === "body-too-large"
          ? "the response body is too large"
          : "the connection failed";
    return [finding(this.name, exchangeRule(input), `${what}: ${failure.message}`, input)];
  },
};
