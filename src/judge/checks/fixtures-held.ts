import { shapeFromErrorTypeHeader } from "../../contract/errors.js";
import type { Fixture } from "../../fixtures/fixtures.js";
import type { Exchange } from "../exchange.js";
import { finding, numberAnswered, type Check } from "./check.js";
import { shownJson } from "../shown.js";

/**
 * Why an answer shows that the target does not hold a fixture number as the fixture describes it: a well-formed
 * 404 NotFoundException (a malformed one is the envelope checks' to judge), or a 200 about another number or
 * Country. Undefined when it does not show that.
 */
export function notHeld(exchange: Exchange, fixture: Fixture): string | undefined {
  const response = exchange.response;
  if (!response || exchange.failure) return undefined;
  const header = response.headers["x-amzn-errortype"];
  if (response.status === 404 && header !== undefined && shapeFromErrorTypeHeader(header) === "NotFoundException")
    return "answered 404 NotFoundException";
  const number = numberAnswered(exchange);
  if (!number) return undefined;
  const e164 = fixture.E164PhoneNumber;
  const other = typeof number.E164PhoneNumber === "string" && number.E164PhoneNumber !== e164;
  if (!other && !(typeof number.Country === "string" && number.Country !== fixture.Country)) return undefined;
  return `answered as ${shownJson(number.E164PhoneNumber)} with Country ${shownJson(number.Country)}, the fixtures say ${e164} in ${fixture.Country}`;
}

/**
 * W2, DESIGN "The runner against a live target": a number the fixtures say the target holds, and that the target
 * has not answered since, is answered as that number in that Country. Judged on what the tester's model knows
 * (`model`): the runner's reads before the cases, the proxy told `--fixtures`.
 */
export const fixturesHeld: Check = {
  name: "fixtures_held",
  description: "a number the fixtures describe is held by the target as that number, in that Country",
  run(input) {
    const e164 = input.addressed;
    // A request outside the contract (another method, say) is W5's to judge, whatever it addressed.
    const fixture = e164 === undefined || !input.operation ? undefined : input.model?.fixture(e164);
    if (!fixture || input.model?.seen(e164!)) return [];
    const why = notHeld(input.exchange, fixture);
    return why ? [finding(this.name, "W2", `${e164} was ${why}, but the fixtures say the target holds it`, input)] : [];
  },
};
