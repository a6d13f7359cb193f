// A proxy may run for days: what its session keeps for the reports is bounded, whatever the traffic.
import t from "tap";
import { loadContract } from "../../src/contract/loader.js";
import { defaultSpecPath } from "../../src/contract/paths.js";
import { ProxyJudge } from "../../src/proxy/judge.js";
import { RecentIds } from "../../src/judge/recent-ids.js";
import { ProxySession } from "../../src/proxy/session.js";
import type { Exchange } from "../../src/judge/exchange.js";

const contract = await loadContract(defaultSpecPath);

/** One exchange as the forwarder hands it over: a read of `label` answered `status` with `body`. */
function exchange(label: string, status: number, body: string, id: string): Exchange {
  return {
    request: {
      method: "GET",
      url: `http://target/phone-numbers/${label}`,
      path: `/phone-numbers/${label}`,
      headers: {},
    },
    response: {
      status,
      headers: {
        "content-type": "application/json",
        "x-amzn-requestid": id,
        ...(status === 404 ? { "x-amzn-errortype": "NotFoundException" } : {}),
      },
      text: body,
      size: body.length,
      truncated: false,
    },
    durationMs: 1,
  };
}

t.test(
  "each failing exchange is a case up to the limit; beyond it, and every passed one, counted in groups",
  async (t) => {
    const judge = new ProxyJudge(contract);
    const session = new ProxySession("http://target", 5);
    const notFound = '{"Code":"NotFound","Message":"no such number"}';
    for (let i = 0; i < 1_000; i++) {
      const label = `%2B1206555${String(i).padStart(4, "0")}`;
      const ticket = judge.started("GET", `/phone-numbers/${label}`);
      // Every third answer has no request id (W2); the others are well-formed 404s.
      const id = i % 3 === 0 ? "" : `id-${i}`;
      const x = exchange(label, 404, notFound, id);
      if (!id) delete x.response!.headers["x-amzn-requestid"];
      session.add(judge.finished(ticket, x, `/phone-numbers/${label}`));
    }
    t.equal(session.exchanges, 1_000);
    t.equal(session.findings, 334, "every finding counted");
    const events = session.events(["proxy"]);
    const ends = events.filter((e) => e.type === "case-end");
    t.equal(ends.length, 5 + 2, "5 failing exchanges one by one, then the groups, in the order first seen");
    t.same(
      ends.slice(5).map((e) => [e.case.id, e.requests, e.outcome]),
      [
        ["passed-GetPhoneNumber-404", 666, "passed"],
        ["failed-GetPhoneNumber-404", 329, "failed"],
      ],
    );
    t.equal(ends[5]!.case.title, "GetPhoneNumber -> 404: 666 exchanges, no finding");
    t.equal(ends[6]!.findings.length, 20, "a group keeps only its first findings");
    const run = events.at(-1)!;
    t.equal(run.type === "run-end" && run.summary.failed, 6);
  },
);

t.test("the request ids remembered for W2 are the most recent ones, within the capacity", async (t) => {
  const ids = new RecentIds(3);
  for (const id of ["a", "b", "c", "a", "d"]) ids.add(id);
  t.same([...ids].sort(), ["b", "c", "d"], "the oldest forgotten first; a repeat is not new");
  t.ok(ids.has("d") && !ids.has("a"));
  for (let i = 0; i < 10; i++) ids.add(`x${i}`);
  t.equal(ids.size, 3);
  t.same([...ids].sort(), ["x7", "x8", "x9"]);
});
