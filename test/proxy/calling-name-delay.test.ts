// S5 across exchanges when the target's calling-name delay is short (DESIGN S4, S5): a second CallingName after
// the pending update completed is the contract's, and the proxy told the delay does not call it a conflict; one
// sent while the update is still in its delay and answered 200 is a finding.
import t from "tap";
import { request } from "undici";
import { startServer } from "../../src/server/index.js";
import { startProxy as startFaulty } from "../../bench/support/faulty-proxy.js";
import { faultyTargets } from "../runner/faulty/table.js";
import { findingRules, startProxyCommand } from "./helpers.js";

// A US number with no calling name in the default fixtures.
const number = "%2B12065550101";
const delay = 1_000;

async function callingName(proxy: string, value: string) {
  const res = await request(`${proxy}/phone-numbers/${number}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ CallingName: value }),
  });
  const body = (await res.body.json()) as { PhoneNumber?: { CallingNameStatus?: string } };
  return { status: res.statusCode, calling: body.PhoneNumber?.CallingNameStatus };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

t.test("a second CallingName after the delay: no finding with --calling-name-delay, S5 without it", async (t) => {
  for (const [flags, want] of [
    [["--calling-name-delay", "1s"], []],
    [[], ["S5"]],
  ] as const) {
    const server = await startServer({ host: "127.0.0.1", port: 0, callingNameDelayMs: delay });
    const proxy = await startProxyCommand("--target", server.url, ...flags);
    t.same(await callingName(proxy.url, "First Name"), { status: 200, calling: "UpdateInProgress" });
    await pause(delay + 400);
    t.same(await callingName(proxy.url, "Second Name"), { status: 200, calling: "UpdateInProgress" }, "completed");
    const code = await proxy.stop();
    await server.close();
    t.same(findingRules(proxy.output.err), want, `flags ${JSON.stringify(flags)}: ${proxy.output.err}`);
    t.equal(code, want.length ? 1 : 0);
  }
});

t.test("a second CallingName within the delay answered 200 is S5, with --calling-name-delay too", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0, callingNameDelayMs: 60_000 });
  const fault = faultyTargets.find((f) => f.rule === "S5")!;
  const faulty = await startFaulty(server.url, fault);
  const proxy = await startProxyCommand("--target", faulty.url, "--calling-name-delay", "60s");
  t.teardown(async () => {
    await faulty.close();
    await server.close();
  });
  t.equal((await callingName(proxy.url, "First Name")).status, 200);
  t.equal((await callingName(proxy.url, "Second Name")).status, 200, `the faulty target: ${fault.name}`);
  t.equal(await proxy.stop(), 1);
  // The faulty target answers the number as it was: the update not applied (S4) as well.
  t.same(findingRules(proxy.output.err), ["S5", "S4"], proxy.output.err);
});
