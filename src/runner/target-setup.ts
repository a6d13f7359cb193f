import { SetupError } from "../errors.js";
import type { Fixture } from "../fixtures/fixtures.js";
import type { HttpClient } from "../http/client.js";
import { readRequest } from "../http/request.js";
import { fixtureReadCase } from "./fixture-read.js";
import { describe, matches, pickWhatCan, type Picks, type Unserved } from "./picker.js";
import type { PreparedRun } from "./prepare.js";

/**
 * Numbers picked by what the target holds now. A need no number serves because the target does not hold
 * fixture numbers that would fit is a case not run (the fixture finding explains it); any other need no number
 * serves means numbers in that state ran out: the run cannot be made (exit 2), with how to get them back.
 */
export function pickOnTarget(
  prepared: PreparedRun,
  held: readonly Fixture[],
  missing: ReadonlyArray<{ e164: string }>,
  preparePending: boolean,
): { picks: Picks; notRun: Map<string, string>; exclusive: Set<string> } {
  const known = new Set(prepared.fixtures.map((f) => f.E164PhoneNumber));
  const { picks, unserved, exclusive } = pickWhatCan(prepared.cases, held, known, { preparePending });
  const notRun = new Map<string, string>();
  const absent = prepared.fixtures.filter((f) => missing.some((m) => m.e164 === f.E164PhoneNumber));
  for (const u of unserved) {
    const fitting = absent.filter((f) => matches(u.need, f)).map((f) => f.E164PhoneNumber);
    if (fitting.length)
      notRun.set(
        u.case.id,
        `not run: the target does not hold ${fitting.join(", ")}, the fixture numbers that fit '${u.key}' (${describe(u.need)}); see ${fixtureReadCase.id}`,
      );
    else throw new SetupError("pick", ranOut(u, prepared.fixtures, held));
  }
  return { picks, notRun, exclusive };
}

/**
 * Why no number is left in the state a case needs, and how to get one back. Numbers the fixtures describe as
 * pending that the target holds completed say that its calling-name delay is shorter than the service's 72 hours:
 * the runner can make numbers pending itself once told that delay.
 */
function ranOut(u: Unserved, fixtures: readonly Fixture[], held: readonly Fixture[]): string {
  const wanted = `no number is left on the target in the state case '${u.case.id}' needs for '${u.key}' (${describe(u.need)})`;
  const back =
    "Get them back with a reset (POST /_control/reset on the reference server, or --reset-url URL), a freshly started target, or more fixtures in that state (--fixtures)";
  if (u.need.callingNameStatus === "UpdateInProgress") {
    const completed = fixtures.filter(
      (f) =>
        matches(u.need, f) &&
        held.some((h) => h.E164PhoneNumber === f.E164PhoneNumber && h.CallingNameStatus !== "UpdateInProgress"),
    );
    if (completed.length)
      return `${wanted}: the target holds ${completed.map((f) => f.E164PhoneNumber).join(", ")}, which the fixtures describe as pending, with their calling-name updates completed, so its calling-name delay is shorter than the service's 72 hours: give it with --calling-name-delay DURATION (the runner then makes numbers pending itself). ${back}`;
  }
  return `${wanted}: earlier runs used them (a calling-name update stays pending for the target's calling-name delay, 72 hours on the service). ${back}`;
}

/** `--reset-url`: the one request the runner sends outside the contract, and only when told to. */
export async function reset(http: HttpClient, url: string): Promise<void> {
  const u = new URL(url);
  const exchange = await http.send({ method: "POST", url: u.href, path: `${u.pathname}${u.search}`, headers: {} });
  const status = exchange.response?.status;
  if (status === undefined || status < 200 || status > 299)
    throw new SetupError(
      "unreachable",
      `--reset-url ${url}: ${status === undefined ? (exchange.failure?.message ?? "no answer") : `answered ${status}, not 2xx`}`,
    );
}

/** DESIGN: a target that cannot be reached at all before the first case is exit 2; any HTTP answer will do. */
export async function probe(http: HttpClient, target: string, fixture: Fixture | undefined): Promise<void> {
  const exchange = await http.send(readRequest(target, fixture?.E164PhoneNumber ?? "+12065550199"));
  if (exchange.response === undefined && exchange.failure) {
    throw new SetupError("unreachable", `the target ${target} cannot be reached: ${exchange.failure.message}`);
  }
}
