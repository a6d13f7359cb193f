import { exchangeRule, finding, type Check } from "./check.js";

/**
 * Every request the suite sends is the client's to get right or wrong: a 5xx is never the answer. Traffic no case
 * describes may lawfully meet the service's own failures (a 500 or 503 in the W3 envelope): where the tester's
 * expectation allows the status, it is not a finding here.
 */
export const noServerError: Check = {
  name: "no_server_error",
  description: "no 5xx for a client's request",
  run(input) {
    const status = input.exchange.response?.status;
    if (status === undefined || status < 500 || input.expected?.statusIn?.includes(status)) return [];
    return [finding(this.name, exchangeRule(input), `the target answered ${status} to a client's request`, input)];
  },
};
