// W2/W3/W4 on one answer: the runner's own response checks (the ones every case, the proxy and the server's
// tests apply), for whatever the reliability parts sent (a load client, a fuzzed raw request, stalled connections).
import type { Contract, OperationId } from "../../src/contract/index.js";
import { checkExchange } from "../../src/index.js";

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

/** Findings, each `RULE: message`, for an answer to `method` (no 5xx for anything a client sends, W2-W4). */
export function answerFindings(contract: Contract, method: string, answer: Answer): string[] {
  const exchange = {
    request: { method, url: "http://127.0.0.1/", path: "/", headers: {} },
    response: {
      status: answer.status,
      headers: answer.headers,
      text: answer.body,
      size: Buffer.byteLength(answer.body),
      truncated: false,
    },
    durationMs: 0,
  };
  return checkExchange({ contract, operation: judgedOperation(method), exchange }).map(
    (f) => `${f.rule}: ${f.message}`,
  );
}
