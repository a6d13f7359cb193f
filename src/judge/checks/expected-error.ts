import { errorByShape, shapeFromErrorTypeHeader } from "../../contract/errors.js";
import { completeResponse, finding, hasBody, isObject, jsonBody, type Check, type Finding } from "./check.js";
import { shownJson } from "../shown.js";

/**
 * The error a tester expects, in an answer of the status it expects: the shape in `x-amzn-ErrorType` and the
 * body's Code from the one error table, and, where it says so, a Message naming the offending part (W3).
 */
export const expectedError: Check = {
  name: "expected_error",
  description: "the error shape and Code are the ones the case expects",
  run(input) {
    const expected = input.expected;
    const response = input.exchange.response;
    const want = expected?.error;
    if (!expected || !want || !response || response.status !== expected.status) return [];
    const by = expected.by ?? "the case";
    const out: Finding[] = [];
    const header = response.headers["x-amzn-errortype"];
    const shape = header === undefined ? undefined : shapeFromErrorTypeHeader(header);
    if (shape !== want)
      out.push(
        finding(
          this.name,
          expected.rule,
          `${by} expects x-amzn-ErrorType ${want}, got ${header === undefined ? "none" : `'${header}'`}`,
          input,
        ),
      );
    if (!completeResponse(input) || !hasBody(input)) return out;
    const body = jsonBody(input);
    const code = errorByShape(want)!.code;
    const got = isObject(body) ? body.Code : undefined;
    if (got !== code)
      out.push(finding(this.name, expected.rule, `${by} expects Code '${code}', got ${shownJson(got)}`, input));
    const mention = expected.messageMentions;
    const message = isObject(body) ? body.Message : undefined;
    if (mention && !(typeof message === "string" && message.toLowerCase().includes(mention.toLowerCase())))
      out.push(
        finding(
          this.name,
          "W3",
          `the error's Message ${shownJson(message)} does not name '${mention}', the offending part of the request`,
          input,
        ),
      );
    return out;
  },
};
