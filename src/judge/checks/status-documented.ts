import { serviceErrors } from "../../contract/errors.js";
import { finding, type Check } from "./check.js";

/** W4: the status is one the operation documents (outside the contract: one of the service's errors, W5). */
export const statusDocumented: Check = {
  name: "status_documented",
  description: "the status is one the operation documents",
  run(input) {
    const response = input.exchange.response;
    if (!response) return [];
    const documented = input.operation
      ? [...input.contract.operation(input.operation).responses.keys()]
      : serviceErrors.map((e) => e.status);
    if (documented.includes(response.status)) return [];
    const what = input.operation ?? "a request outside the contract";
    return [
      finding(
        this.name,
        input.operation ? "W4" : "W5",
        `status ${response.status} is not documented for ${what} (documented: ${documented.join(", ")})`,
        input,
      ),
    ];
  },
};
