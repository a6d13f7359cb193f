import { mediaTypeEssence } from "../../contract/contract.js";
import { finding, hasBody, type Check } from "./check.js";

/** W2, W3: every response with a body says `application/json` (parameters such as charset allowed). */
export const contentType: Check = {
  name: "content_type",
  description: "the response's Content-Type is application/json",
  run(input) {
    const response = input.exchange.response;
    if (!response || !hasBody(input)) return [];
    const value = response.headers["content-type"];
    if (value !== undefined && mediaTypeEssence(value) === "application/json") return [];
    const rule = response.status < 400 ? "W2" : "W3";
    return [
      finding(
        this.name,
        rule,
        value === undefined ? "no Content-Type header" : `Content-Type is '${value}', not application/json`,
        input,
      ),
    ];
  },
};
