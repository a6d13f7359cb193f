import { errorByShape, shapeFromErrorTypeHeader } from "../../contract/errors.js";
import { parseBody } from "../exchange.js";
import { completeResponse, finding, hasBody, isObject, type Finding, type Check } from "./check.js";

/**
 * W3: an error names its shape in `x-amzn-ErrorType` (the AWS SDKs read it before the body), the shape is
 * one the operation lists with this status, and the body is `{"Code": <the shape's code>, "Message": <text>}`.
 */
export const errorEnvelope: Check = {
  name: "error_envelope",
  description: "an error has x-amzn-ErrorType naming a listed shape of its status, and the body's Code and Message",
  run(input) {
    const response = input.exchange.response;
    if (!response || response.status < 400) return [];
    const out: Finding[] = [];
    const header = response.headers["x-amzn-errortype"];
    const shape = header === undefined ? undefined : errorByShape(shapeFromErrorTypeHeader(header));
    if (header === undefined)
      out.push(finding(this.name, "W3", `the ${response.status} response has no x-amzn-ErrorType header`, input));
    else if (!shape)
      out.push(finding(this.name, "W3", `x-amzn-ErrorType '${header}' names no error shape of the service`, input));
    else if (shape.status !== response.status)
      out.push(
        finding(
          this.name,
          "W3",
          `x-amzn-ErrorType names ${shape.shape}, a ${shape.status}, but the status is ${response.status}`,
          input,
        ),
      );
    else if (input.operation && !input.contract.operation(input.operation).responses.has(shape.status)) {
      out.push(finding(this.name, "W3", `${input.operation} does not list ${shape.shape}`, input));
    }
    const complete = completeResponse(input);
    if (!complete || !hasBody(input)) return out;
    const parsed = parseBody(complete);
    if (!parsed.ok || !isObject(parsed.value)) {
      out.push(
        finding(
          this.name,
          "W3",
          `the error body is not a JSON object with Code and Message${parsed.ok ? "" : `: ${parsed.reason}`}`,
          input,
        ),
      );
      return out;
    }
    const expectedCode = (shape ?? undefined)?.code;
    const code = parsed.value.Code;
    if (typeof code !== "string") out.push(finding(this.name, "W3", "the error body has no string Code", input));
    else if (expectedCode && shape?.status === response.status && code !== expectedCode) {
      out.push(
        finding(this.name, "W3", `the body's Code is '${code}', but ${shape.shape} has Code '${expectedCode}'`, input),
      );
    }
    const message = parsed.value.Message;
    if (typeof message !== "string" || message.trim() === "")
      out.push(finding(this.name, "W3", "the error body has no Message text", input));
    return out;
  },
};
