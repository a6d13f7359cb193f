// --store sqlite:PATH from outside: a child `serve` process acknowledges updates, is killed with SIGKILL, is
// started again on the same file, and every acknowledged update is there. The file is created from the
// fixtures on first use and reused afterwards.
import t, { type Test } from "tap";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { startServe, type ServeProcess } from "../../bench/reliability/serve-process.js";
import { httpExchange, json, phoneNumberOf } from "./helpers.js";

/** `serve` as its own process (tsx on the sources), resolved once it prints its listening line. */
async function serve(t: Test, ...args: string[]): Promise<ServeProcess & { base: string }> {
  const child = await startServe("source", args);
  t.teardown(() => child.kill("SIGKILL"));
  return { ...child, base: child.url };
}

const updates: Array<[string, string]> = [
  ["%2B12065550100", '{"Name":"Survives.Kill"}'],
  ["%2B12065550101", '{"CallingName":"Durable Co"}'],
  ["%2B12065550102", '{"ProductType":"SipMediaApplicationDialIn"}'],
  ["%2B12065550100", '{"Name":"Second write"}'],
];

t.test("--store sqlite:PATH: every update answered 200 survives kill -9, and the file is reused", async (t) => {
  const file = join(t.testdir(), "state.db");
  const first = await serve(t, "--store", `sqlite:${file}`);
  t.ok(existsSync(file), "the file is created on first use");
  const fixture = phoneNumberOf(
    await httpExchange(t, first.base, { method: "GET", url: "/phone-numbers/%2B12065550103" }),
  );
  const acknowledged = new Map<string, unknown>();
  for (const [label, body] of updates) {
    const answer = await httpExchange(t, first.base, {
      method: "POST",
      url: `/phone-numbers/${label}`,
      headers: json,
      body,
    });
    t.equal(answer.status, 200);
    acknowledged.set(label, phoneNumberOf(answer));
  }
  t.equal(await first.kill("SIGKILL"), null, "killed, not exited");

  const second = await serve(t, "--store", `sqlite:${file}`);
  for (const [label, want] of acknowledged) {
    t.same(
      phoneNumberOf(await httpExchange(t, second.base, { method: "GET", url: `/phone-numbers/${label}` })),
      want,
      `${decodeURIComponent(label)} as last acknowledged (S7)`,
    );
  }
  t.same(
    phoneNumberOf(await httpExchange(t, second.base, { method: "GET", url: "/phone-numbers/%2B12065550103" })),
    fixture,
    "a number never updated is still its fixture",
  );
  t.equal(await second.kill("SIGTERM"), 0);
});
