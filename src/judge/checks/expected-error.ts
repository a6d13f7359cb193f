import { errorByShape, shapeFromErrorTypeHeader } from "../../contract/errors.js";
import { completeResponse, finding, hasBody, isObject, jsonBody, stepRule, type Check, type Finding } from "./check.js";

/** The case's own expectation of the error: the shape in `x-amzn-ErrorType` and the body's Code from the one error table. */
export const expectedError: Check = {
  name: "expected_error",
  description: "the error shape and Code are the ones the case expects",
  run(input) {
    const want = input.role === "step" ? input.step.expect.error : undefined;
    const response = input.exchange.response;
    if (!want || !response || response.status !== input.step.expect.status) return [];
    const out: Finding[] = [];
    const header = response.headers["x-amzn-errortype"];
    const shape = header === undefined ? undefined : shapeFromErrorTypeHeader(header);
    if (shape !== want)
      out.push(
        finding(
          this.name,
          stepRule(input),
          `the case expects x-amzn-ErrorType ${want}, got ${header === undefined ? "none" : `'${header}'`}`,
          input,
        ),
      );
    if (completeResponse(input) && hasBody(input)) {
      const body = jsonBody(input);
      const code = errorByShape(want)!.code;
      const got = isObject(body) ? body.Code : undefined;
      if (got !== code)
        out.push(
          finding(this.name, stepRule(input), `the case expects Code '${code}', got ${JSON.stringify(got)}`, input),
        );
      const mention = input.step.expect.messageMentions;
      const message = isObject(body) ? body.Message : undefined;
      if (mention && !(typeof message === "string" && message.toLowerCase().includes(mention.toLowerCase()))) {
        out.push(
          finding(
            this.name,
            "W3",
            `the error's Message ${JSON.stringify(message)} does not name '${mention}', the offending part of the request`,
            input,
          ),
        );
      }
    }
    return out;
  },
};
