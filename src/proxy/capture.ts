import { loadContract } from "../contract/loader.js";
import { parseFixtures, type Fixture } from "../contract/fixtures.js";
import { defaultSpecPath } from "../contract/paths.js";
import { answeredNumber, jsonBody } from "../runner/checks/check.js";
import { checkExchange } from "../runner/checks/index.js";
import type { HttpClient } from "../runner/http.js";
import { readRequest } from "../runner/request.js";

/** A number could not be captured: the fixtures file would not describe the target (exit 2). */
export class CaptureError extends Error {
  override name = "CaptureError";
}

/**
 * `fixtures capture`: each number read with GetPhoneNumber and judged by the response checks, then the answers
 * validated as the runner validates a fixtures file, so that `test --fixtures` accepts what is written.
 */
export async function captureFixtures(
  http: HttpClient,
  target: string,
  numbers: readonly string[],
  specPath = defaultSpecPath,
): Promise<Fixture[]> {
  const contract = await loadContract(specPath);
  const captured: unknown[] = [];
  for (const e164 of numbers) {
    const exchange = await http.send(readRequest(target, e164));
    const status = exchange.response?.status;
    if (status === undefined)
      throw new CaptureError(`${e164}: no answer from ${target}: ${exchange.failure?.message ?? "unknown failure"}`);
    if (status === 404) throw new CaptureError(`${e164}: the target does not hold this number (404)`);
    if (status !== 200) throw new CaptureError(`${e164}: the target answered ${status}, not 200`);
    const findings = checkExchange({ contract, exchange, operation: "GetPhoneNumber", addressed: e164 });
    if (findings.length)
      throw new CaptureError(
        `${e164}: the answer breaks the contract: ${findings[0]!.check} [${findings[0]!.rule}]: ${findings[0]!.message}`,
      );
    captured.push(answeredNumber(jsonBody({ contract, exchange })));
  }
  return parseFixtures(JSON.stringify(captured), "(captured)", contract);
}
