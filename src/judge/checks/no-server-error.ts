import { exchangeRule, finding, type ResponseCheck } from "./check.js";

/** Every request the suite sends is the client's to get right or wrong: a 5xx is never the answer. */
export const noServerError: ResponseCheck = {
  name: "no_server_error",
  description: "no 5xx for a client's request",
  run(input) {
    const status = input.exchange.response?.status;
    if (status === undefined || status < 500) return [];
    return [finding(this.name, exchangeRule(input), `the target answered ${status} to a client's request`, input)];
  },
};
