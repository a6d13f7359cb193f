// The model of what each number holds stays bounded however long exchanges on a number keep overlapping (S8).
// Regression: each overlapped exchange copied the number's list of applied details and added one, so a number
// updated by several clients at once for a whole session kept every detail ever sent to it (the proxy in front of
// ten connections updating four numbers allocated about 4 KB per exchange in that copy alone).
import t from "tap";
import { loadContract } from "../../src/contract/index.js";
import type { Exchange } from "../../src/judge/exchange.js";
import { appliedValuesKept, NumberModel } from "../../src/judge/number-model.js";
import { ProxyJudge } from "../../src/proxy/judge.js";
import { namedPhoneNumber } from "../helpers/phone-number.js";

const contract = await loadContract();
const e164 = namedPhoneNumber.E164PhoneNumber;
const path = `/phone-numbers/${encodeURIComponent(e164)}`;

t.test("a streak of 20,000 overlapping updates with one value keeps that value once", async (t) => {
  const model = new NumberModel();
  model.learn(e164, namedPhoneNumber, { update: false });
  for (let i = 0; i < 20_000; i++) {
    model.forget(e164);
    model.forget(e164, { member: "Name", value: "Same" });
  }
  t.same(model.applied(e164), [{ member: "Name", value: "Same" }]);
  t.equal(model.held(e164), undefined, "what it holds is not known");
  t.equal(model.seen(e164), true, "but it was seen");
  t.equal(model.country(e164), namedPhoneNumber.Country, "and its country is still known");
});

t.test(
  `one member's distinct values beyond ${appliedValuesKept} are no longer S8's to judge; others still are`,
  async (t) => {
    const model = new NumberModel();
    model.learn(e164, namedPhoneNumber, { update: false });
    for (let i = 0; i <= appliedValuesKept; i++) {
      model.forget(e164, { member: "Name", value: `Desk ${i}` });
      model.forget(e164, { member: "CallingName", value: i % 2 ? "Front Desk" : "Back Desk" });
    }
    t.same(
      model.applied(e164),
      [
        { member: "CallingName", value: "Back Desk" },
        { member: "CallingName", value: "Front Desk" },
      ],
      "Name is dropped at its 65th value; CallingName keeps its two",
    );
    model.forget(e164, { member: "Name", value: "Desk 0" });
    t.equal(model.applied(e164).length, 2, "a dropped member stays dropped until the number is known again");
    model.learn(e164, namedPhoneNumber, { update: false });
    t.same(model.applied(e164), [], "known again: nothing applied since");
    model.forget(e164, { member: "Name", value: "Again" });
    t.same(model.applied(e164), [{ member: "Name", value: "Again" }], "and judged again from there");
  },
);

/** An exchange as the proxy hands it to its judge: an update or a read of the number, answered 200. */
function exchange(method: "GET" | "POST", answered: object, body?: object): Exchange {
  return {
    request: {
      method,
      url: `http://target${path}`,
      path,
      headers: method === "POST" ? { "content-type": "application/json" } : {},
      ...(body ? { body: JSON.stringify(body) } : {}),
    },
    response: {
      status: 200,
      headers: { "content-type": "application/json", "x-amzn-requestid": `id-${Math.random()}` },
      text: JSON.stringify({ PhoneNumber: { ...namedPhoneNumber, ...answered } }),
      size: 0,
      truncated: false,
    },
    sentAt: Date.now(),
    durationMs: 1,
  };
}

t.test("the proxy judges S8 after a streak of 5,000 overlapping updates by every value of the streak", async (t) => {
  const judge = new ProxyJudge(contract);
  judge.finished(judge.started("GET", path), exchange("GET", {}), path);
  // Two updates in flight at a time, start to end, 5,000 times: the Name sent first is as lawful at the end as
  // the last one (either order is the contract's), and nothing else was sent.
  let previous = judge.started("POST", path);
  for (let i = 1; i <= 5_000; i++) {
    const next = judge.started("POST", path);
    const name = i % 2 ? "Early" : "Late";
    judge.finished(previous, exchange("POST", { Name: name }, { Name: name }), path);
    previous = next;
  }
  judge.finished(previous, exchange("POST", { Name: "Late" }, { Name: "Late" }), path);
  const early = judge.finished(judge.started("GET", path), exchange("GET", { Name: "Early" }), path);
  t.same(
    early.findings.map((f) => f.rule),
    [],
    "a value from the streak's start",
  );
  // Overlapped again, and a read that shows a Name nobody sent: S8's finding.
  const a = judge.started("POST", path);
  const b = judge.started("POST", path);
  judge.finished(a, exchange("POST", { Name: "Early" }, { Name: "Early" }), path);
  judge.finished(b, exchange("POST", { Name: "Late" }, { Name: "Late" }), path);
  const lost = judge.finished(judge.started("GET", path), exchange("GET", { Name: "Never Sent" }), path);
  t.same(
    lost.findings.map((f) => f.rule),
    ["S8"],
    "a Name no update of the streak sent",
  );
});
