// The two operations the server benchmark loads every target with, as autocannon requests.
import type { OperationId } from "../src/contract/index.js";

export interface BenchRequest {
  method: "GET" | "POST";
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface BenchOperation {
  id: OperationId;
  /** Each connection sends these in turn, then starts over. */
  requests: BenchRequest[];
}

// Prism enforces the document's security scheme (sigv4, an apiKey in `Authorization`): without the header it
// answers 401, with any value it lets the request in. The reference server, run without --auth, ignores the
// header. Every target gets the same request, header included.
const headers = {
  authorization:
    "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260101/us-east-1/chime/aws4_request, SignedHeaders=host, Signature=0",
};

/** US local fixture numbers with no calling-name update pending (conformance/fixtures.json). */
const numbers = ["%2B12065550100", "%2B12065550101", "%2B12065550102", "%2B12065550103"];

export const benchOperations: BenchOperation[] = [
  { id: "GetPhoneNumber", requests: [{ method: "GET", path: `/phone-numbers/${numbers[0]}`, headers }] },
  {
    id: "UpdatePhoneNumber",
    // Name updates only: S3 applies them at once, and neither S5 (calling names) nor S8 (in-flight duplicates,
    // only with --latency) can answer 409, so every answer from a conforming server is a 200.
    requests: numbers.map((number, i) => ({
      method: "POST",
      path: `/phone-numbers/${number}`,
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ Name: `Bench desk ${i + 1}` }),
    })),
  },
];
