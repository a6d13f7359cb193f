// W2/W3/W4 on one answer, as a pure function: what the reliability parts check on every answer they get,
// whatever sent the request (a load client, a fuzzed raw request, a client beside stalled connections).
import {
  errorByStatus,
  mediaTypeEssence,
  shapeFromErrorTypeHeader,
  type Contract,
  type OperationId,
} from "../../src/contract/index.js";

export interface Answer {
  status: number;
  /** Lower-case names; a repeated header joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

/** The operation whose documented responses an answer is judged by: POST is UpdatePhoneNumber, anything else GetPhoneNumber (W5's 404 and W3's errors are alike). */
export function judgedOperation(method: string): OperationId {
  return method === "POST" ? "UpdatePhoneNumber" : "GetPhoneNumber";
}

/**
 * Findings (each naming its rule) for an answer to `method`: no 5xx for anything a client sends; a 200 is W2;
 * anything else is an error in the W3 envelope: a status of the error table documented for the operation,
 * `x-amzn-ErrorType` naming that status's shape, `x-amzn-RequestId`, `application/json`, and a body `{Code,
 * Message}` valid against the document (W4). A HEAD answer has no body to judge, by HTTP's rules.
 */
export function answerFindings(contract: Contract, method: string, answer: Answer): string[] {
  const { status, headers } = answer;
  if (status >= 500) return [`no 5xx: answered ${status} ${answer.body.slice(0, 120)}`];
  const findings: string[] = [];
  const op = contract.operation(judgedOperation(method));
  const documented = op.responses.get(status);
  if (!documented)
    return [
      `W4: status ${status} is not documented for ${op.operationId}${headers["x-amzn-errortype"] ? "" : " (and no x-amzn-ErrorType)"}`,
    ];
  const contentType = headers["content-type"];
  if (contentType === undefined || mediaTypeEssence(contentType) !== "application/json")
    findings.push(`W2/W3: content-type is ${String(contentType)}`);
  for (const header of documented.headers) {
    const value = headers[header.name];
    if (value === undefined) {
      if (header.required) findings.push(`W3: header ${header.name} is missing`);
      continue;
    }
    const outcome = header.validate(value);
    if (!outcome.valid) findings.push(`W4: header ${header.name}: ${JSON.stringify(outcome.errors)}`);
  }
  if (status !== 200) {
    const error = errorByStatus(status);
    const named = headers["x-amzn-errortype"];
    // A missing header is reported above, from the document's list of required headers.
    if (!error) findings.push(`W3: status ${status} is not in the error table`);
    else if (named !== undefined && shapeFromErrorTypeHeader(named) !== error.shape)
      findings.push(`W3: x-amzn-ErrorType ${named} for a ${status} (want ${error.shape})`);
  }
  if (method === "HEAD") return findings;
  let body: unknown;
  try {
    body = JSON.parse(answer.body);
  } catch {
    return [...findings, `W4: the body is not JSON: ${JSON.stringify(answer.body.slice(0, 120))}`];
  }
  const validate = contract.responseValidator(op.operationId, status, contentType ?? "application/json");
  if (!validate) return [...findings, `W4: no schema for ${status} ${String(contentType)}`];
  const outcome = validate(body);
  if (!outcome.valid) findings.push(`W4: the body does not validate: ${JSON.stringify(outcome.errors)}`);
  const error = errorByStatus(status);
  if (status !== 200 && error && (body as { Code?: unknown }).Code !== error.code)
    findings.push(`W3: Code ${JSON.stringify((body as { Code?: unknown }).Code)} for a ${status} (want ${error.code})`);
  return findings;
}
