import { answeredNumber, completeResponse, finding, jsonBody, type Check } from "./check.js";
import { shownJson } from "../shown.js";

/** W2: a 200 carries `PhoneNumber`, about the number addressed, with its id URL-encoded as the service returns it. */
export const addressed: Check = {
  name: "addressed_number",
  description: "a 200 body's PhoneNumber is the number addressed (E164PhoneNumber, PhoneNumberId URL-encoded)",
  run(input) {
    const response = completeResponse(input);
    if (response?.status !== 200 || input.exchange.request.method === "HEAD") return [];
    const number = answeredNumber(jsonBody(input));
    if (!number) return [finding(this.name, "W2", "the 200 body has no PhoneNumber object", input)];
    if (!input.addressed) return [];
    if (number.E164PhoneNumber !== input.addressed) {
      return [
        finding(
          this.name,
          "W2",
          `the request addressed ${input.addressed}, the answer is about ${shownJson(number.E164PhoneNumber)}`,
          input,
        ),
      ];
    }
    const id = encodeURIComponent(input.addressed);
    if (number.PhoneNumberId !== id)
      return [
        finding(
          this.name,
          "W2",
          `PhoneNumberId is ${shownJson(number.PhoneNumberId)}, not the URL-encoded ${id}`,
          input,
        ),
      ];
    return [];
  },
};
