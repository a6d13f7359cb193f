import type { FastifyError, FastifyInstance, FastifyRequest } from "fastify";
import type { Contract, Fixture } from "../contract/index.js";
import type { Clock } from "./clock.js";
import { parseFaultRequest, type FaultPlan } from "./faults.js";
import { decodeLabel } from "./label.js";
import type { ControlState } from "./control-state.js";
import { sendControlAnswer as answer } from "./control-answer.js";
import { controlGuard } from "./control-guard.js";
import { recordsFromFixtures } from "./phone-number-state.js";
import type { SigV4Verifier } from "./sigv4.js";

export { controlPrefix } from "./control-path.js";

export interface ControlContext {
  contract: Contract;
  state: ControlState;
  fixtures: readonly Fixture[];
  clock: Clock;
  callingNameDelayMs: number;
  faults: FaultPlan;
  /** `--auth sigv4`: every control request must be signed by a key of the credentials file. */
  verifier?: SigV4Verifier;
}

/**
 * The control interface, JSON in and out, for tests that drive the server:
 * POST /_control/reset, POST|GET|DELETE /_control/faults, POST /_control/calling-names/complete.
 * It is not throttled or subject to faults: it is the test harness's side door, not the service's API. Who may
 * use it is controlGuard's: its own origin, JSON bodies, and under `--auth sigv4` a signature.
 */
export function controlRoutes(context: ControlContext) {
  const { contract, state, fixtures, clock, callingNameDelayMs, faults, verifier } = context;
  const guard = controlGuard(verifier);
  const labelValidator = contract.operation("GetPhoneNumber").label;
  const normalise = (phoneNumber: string) => {
    const outcome = decodeLabel(phoneNumber, labelValidator);
    return outcome.ok ? outcome.value : undefined;
  };

  return async function register(app: FastifyInstance): Promise<void> {
    app.addHook("onRequest", guard.onRequest);
    app.addHook("preHandler", guard.preHandler);
    app.setErrorHandler((error: FastifyError, _request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode < 500 ? 400 : 500;
      return answer(reply, status, { message: status === 400 ? "the request could not be read" : "unexpected error" });
    });

    app.post("/reset", async (_request, reply) => {
      // On a shared store this resets every replica's state; queued faults are this replica's own.
      await state.reset(recordsFromFixtures(fixtures, clock.now(), callingNameDelayMs));
      const faultsCleared = faults.clear();
      return answer(reply, 200, { reset: true, numbers: fixtures.length, faultsCleared });
    });

    app.get("/faults", async (_request, reply) => answer(reply, 200, { faults: faults.list() }));
    app.delete("/faults", async (_request, reply) => answer(reply, 200, { cleared: faults.clear() }));
    app.post("/faults", async (request, reply) => {
      const body = jsonBody(request);
      if (!body.ok) return answer(reply, 400, { message: body.message });
      const parsed = parseFaultRequest(body.value, normalise);
      if (!parsed.ok) return answer(reply, 400, { message: parsed.message });
      return answer(reply, 201, { fault: faults.add(parsed.fault) });
    });

    // S4 without waiting: every pending calling-name update (or the one number's) completes now.
    app.post("/calling-names/complete", async (request, reply) => {
      const body = jsonBody(request);
      if (!body.ok) return answer(reply, 400, { message: body.message });
      const { phoneNumber } = body.value as { phoneNumber?: unknown };
      let only: string | undefined;
      if (phoneNumber !== undefined) {
        only = typeof phoneNumber === "string" ? normalise(phoneNumber) : undefined;
        if (only === undefined)
          return answer(reply, 400, { message: "phoneNumber must be a phone number such as +12065550100" });
        if (!(await state.has(only))) return answer(reply, 404, { message: "no such phone number" });
      }
      const completed = await state.completeCallingNames(only);
      return answer(reply, 200, { completed });
    });
  };
}

/** The body as JSON; none at all counts as `{}`. */
function jsonBody(request: FastifyRequest): { ok: true; value: object } | { ok: false; message: string } {
  const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
  if (bytes.length === 0) return { ok: true, value: {} };
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    if (typeof value !== "object" || value === null || Array.isArray(value))
      return { ok: false, message: "the body must be a JSON object" };
    return { ok: true, value };
  } catch {
    return { ok: false, message: "the body is not valid JSON" };
  }
}
