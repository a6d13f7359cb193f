// The one table of rules agrees with the document that cites them and with the file formats that name them.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  decidedRules,
  isRuleId,
  loadContract,
  packageRoot,
  requestDetails,
  ruleById,
  ruleIds,
  rules,
  type RuleSource,
} from "../../src/contract/index.js";

const contract = await loadContract();
const sources: readonly RuleSource[] = ["model", "doc", "client", "decided"];

/** `W1-W5` -> W1, W2, W3, W4, W5. */
function expand(range: string): string[] {
  const m = /^([A-Z])(\d+)(?:-\1(\d+))?$/.exec(range);
  if (!m) throw new Error(`not a rule or range: ${range}`);
  const from = Number(m[2]);
  const to = Number(m[3] ?? m[2]);
  return Array.from({ length: to - from + 1 }, (_, i) => `${m[1]}${from + i}`);
}

t.test("the table has one row per id, found by id", async (t) => {
  t.equal(new Set(ruleIds).size, rules.length);
  t.same(
    ruleIds,
    rules.map((r) => r.id),
  );
  for (const r of rules) {
    t.equal(ruleById(r.id), r);
    t.ok(isRuleId(r.id));
  }
  for (const other of ["W6", "V0", "S9", "w1", "W1 ", "__proto__", "constructor"]) {
    t.equal(ruleById(other), undefined, `${other} is no rule`);
    t.notOk(isRuleId(other));
  }
});

t.test("the ids are the ranges the document's description names, in its order", async (t) => {
  const description = contract.document.raw.info.description ?? "";
  const named = /Rule ids \(([^)]*)\)/.exec(description)?.[1];
  t.ok(named, "the document names the rule ids");
  t.same(ruleIds, named!.split(", ").flatMap(expand));
});

t.test("every rule the document cites is in the table", async (t) => {
  const text = readFileSync(contract.file, "utf8");
  const cited = new Set([...text.matchAll(/\b([WVS]\d+(?:-[WVS]\d+)?)\b/g)].flatMap((m) => expand(m[1]!)));
  t.ok(cited.size >= 15, `the document cites ${cited.size} rules`);
  for (const id of cited) t.ok(isRuleId(id), `${id} is in the table`);
});

t.test("each rule has its sources, once each, and one line of text for reports", async (t) => {
  for (const r of rules) {
    const own: readonly string[] = r.sources;
    t.equal(new Set(own).size, own.length, `${r.id}: no source twice`);
    for (const s of own) t.ok((sources as readonly string[]).includes(s), `${r.id}: ${s} is a source`);
    // W4 is the document itself; DESIGN marks every other rule with where it comes from.
    if (r.id !== "W4") t.ok(own.length > 0, `${r.id} names a source`);
    t.match(r.text, /^[A-Z"].{20,200}\.$/, `${r.id}: one sentence`);
    t.notMatch(r.text, /[\n\r\t]/, `${r.id}: one line`);
  }
  t.same(
    decidedRules,
    rules.filter((r) => (r.sources as readonly string[]).includes("decided")).map((r) => r.id),
  );
  t.ok(decidedRules.length > 0 && decidedRules.length < rules.length, "some rules, not all, are decided");
});

t.test("V3's text names every request detail", async (t) => {
  for (const d of requestDetails) t.match(ruleById("V3")?.text, d);
});

t.test("case.schema.json's rule enum is the table's ids, in order", async (t) => {
  const schema = JSON.parse(readFileSync(join(packageRoot, "conformance", "case.schema.json"), "utf8"));
  t.same(schema.$defs.rule.enum, ruleIds);
});

t.test("the JSON report's rule pattern accepts the table's ids and nothing else", async (t) => {
  const schema = JSON.parse(readFileSync(join(packageRoot, "src", "reporters", "json-report.schema.json"), "utf8"));
  const pattern = new RegExp(schema.$defs.rule.pattern, "u");
  const candidates = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZ"].flatMap((letter) =>
    Array.from({ length: 100 }, (_, n) => `${letter}${n}`),
  );
  t.same(
    candidates.filter((c) => pattern.test(c)),
    candidates.filter((c) => isRuleId(c)),
  );
});
