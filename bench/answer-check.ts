// Before any load: what each target answers to each of the benchmark's requests, checked against the
// document. A target that refused the requests (Prism validates them against the document) would look fast
// or slow for the wrong reason.
import { request } from "undici";
import { mediaTypeEssence, type Validator } from "../src/contract/index.js";
import type { BenchOperation, BenchRequest } from "./server-operations.js";

export interface CheckedAnswer {
  request: string;
  status: number;
  contentType: string;
  requestId: string | undefined;
  /** The `PhoneNumberId` answered, when the body has one. */
  phoneNumberId: string | undefined;
  /** Why the answer is not a 200 with a valid PhoneNumber body; empty when it is one. */
  problems: string[];
}

export async function checkAnswers(
  url: string,
  operation: BenchOperation,
  phoneNumberResponse: Validator,
): Promise<CheckedAnswer[]> {
  const answers: CheckedAnswer[] = [];
  // Each request twice, so that a request id that never changes shows.
  for (let pass = 0; pass < 2; pass++) {
    for (const benchRequest of operation.requests)
      answers.push(await checkAnswer(url, benchRequest, phoneNumberResponse));
  }
  return answers;
}

async function checkAnswer(
  url: string,
  benchRequest: BenchRequest,
  phoneNumberResponse: Validator,
): Promise<CheckedAnswer> {
  const { statusCode, headers, body } = await request(url + benchRequest.path, {
    method: benchRequest.method,
    headers: benchRequest.headers,
    ...(benchRequest.body !== undefined ? { body: benchRequest.body } : {}),
  });
  const text = await body.text();
  const contentType = String(headers["content-type"] ?? "");
  const requestId = headers["x-amzn-requestid"] === undefined ? undefined : String(headers["x-amzn-requestid"]);
  const problems: string[] = [];
  if (statusCode !== 200) problems.push(`status ${statusCode}: ${text.slice(0, 200)}`);
  if (mediaTypeEssence(contentType) !== "application/json")
    problems.push(`content-type ${JSON.stringify(contentType)}`);
  if (!requestId) problems.push("no x-amzn-RequestId");
  const parsed = parseJson(text);
  const outcome = phoneNumberResponse(parsed);
  if (statusCode === 200 && !outcome.valid) {
    problems.push(
      `body is not a PhoneNumberResponse: ${outcome.errors.map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}`).join("; ")}`,
    );
  }
  const phoneNumberId = (parsed as { PhoneNumber?: { PhoneNumberId?: unknown } } | undefined)?.PhoneNumber
    ?.PhoneNumberId;
  return {
    request: `${benchRequest.method} ${benchRequest.path}${benchRequest.body ? ` ${benchRequest.body}` : ""}`,
    status: statusCode,
    contentType,
    requestId,
    phoneNumberId: typeof phoneNumberId === "string" ? phoneNumberId : undefined,
    problems,
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** One line on what a target answered, e.g. `200 application/json, valid PhoneNumber (...)`. */
export function describeAnswers(answers: CheckedAnswer[]): string {
  const statuses = [...new Set(answers.map((a) => `${a.status} ${a.contentType || "(no content-type)"}`))].join(", ");
  const problems = answers.flatMap((a) => a.problems.map((p) => `${a.request}: ${p}`));
  if (problems.length > 0) return `${statuses}; NOT VALID: ${problems.join(" | ")}`;
  const addressed = answers.map((a) => a.request.split(" ")[1]?.split("/").at(-1));
  const answered = answers.map((a) => a.phoneNumberId);
  const sameNumber = answered.every((id, i) => id === addressed[i]);
  const ids = [...new Set(answers.map((a) => a.requestId))];
  return [
    `${statuses}, valid PhoneNumber bodies`,
    sameNumber
      ? "each for the number addressed"
      : `PhoneNumberId ${[...new Set(answered)].join(", ")} whatever the number addressed (${[...new Set(addressed)].join(", ")})`,
    ids.length === answers.length
      ? "distinct x-amzn-RequestIds"
      : `x-amzn-RequestId ${ids.map((id) => JSON.stringify(id)).join(", ")} on every answer`,
  ].join("; ");
}
