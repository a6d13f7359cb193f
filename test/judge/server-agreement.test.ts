// The reference server and the judges agree on every rule, for any request: random traffic (labels spelled every
// way W1 allows and some it refuses, query parameters named like `operation`, content types, bodies valid and not,
// methods in and outside the contract) through the validating proxy, which holds the fixtures, to the reference
// server: the proxy finds nothing. Each disagreement this found was one rule judged two ways (W5's encoded
// `operation`, W1's `%252b`, the label length); the table tests in request-target.test.ts pin those.
import fc from "fast-check";
import t from "tap";
import { request } from "undici";
import { defaultFixturesPath } from "../../src/contract/index.js";
import { startValidatingProxy } from "../../src/proxy/index.js";
import { startServer } from "../../src/server/index.js";

const numbers = ["12065550100", "12065550101", "12065550102", "12065550130", "442079460000", "19995550000"];
const label = fc.oneof(
  fc
    .constantFrom(...numbers)
    .chain((digits) =>
      fc.constantFrom(`%2B${digits}`, `+${digits}`, `%2b${digits}`, `%252B${digits}`, `%252b${digits}`, digits),
    ),
  fc.constantFrom("", "%20", "%C2%A0", "%ZZ", "a/b", "1".repeat(101), `%2B${"1".repeat(98)}`),
);
const query = fc.option(
  fc.constantFrom("foo=1", "operation=restore", "%6Fperation=x", "Operation=x", "operation", "a=1&op%65ration=", "x=/"),
  { nil: undefined },
);
const body = fc.oneof(
  fc.record({ Name: fc.constantFrom("Desk", "", "x".repeat(257), "Front\tdesk") }).map((v) => JSON.stringify(v)),
  fc.record({ CallingName: fc.constantFrom("ACME", "", "ab", "A-ME") }).map((v) => JSON.stringify(v)),
  fc
    .record({ ProductType: fc.constantFrom("VoiceConnector", "SipMediaApplicationDialIn", "BusinessCalling") })
    .map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "",
    "{}",
    "[]",
    "null",
    "{",
    '{"Name":null}',
    '{"Name":"a","Unknown":1}',
    '{"Name":"a","CallingName":"b"}',
    '{"__proto__":{"Name":"x"},"Name":"Desk"}',
    '{"Name":"Desk","nested":{"deep":[[[{"a":null}]]]}}',
    '{"Name":1}',
    `{"Name":"Desk","pad":"${"x".repeat(70_000)}"}`,
  ),
);
const contentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "Application/JSON",
  "application/json;foo=bar",
  "text/plain",
  "application/x-amz-json-1.1",
  undefined,
);
const exchange = fc.record({
  method: fc.constantFrom("GET", "POST", "POST", "DELETE", "PUT", "OPTIONS", "PATCH"),
  label,
  query,
  body,
  contentType,
});

t.test("random traffic to the reference server through the proxy: no finding", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0, logLevel: "silent" });
  const findings: string[] = [];
  const proxy = await startValidatingProxy({
    target: server.url,
    port: 0,
    fixturesPath: defaultFixturesPath,
    onFinding: (f) => findings.push(`[${f.rule}] ${f.check}: ${f.message}`),
  });
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  await fc.assert(
    fc.asyncProperty(exchange, async (e) => {
      const path = `/phone-numbers/${e.label}${e.query === undefined ? "" : `?${e.query}`}`;
      const judged = proxy.session.exchanges + 1;
      const res = await request(`${proxy.url}${path}`, {
        method: e.method as "GET",
        ...(e.method === "POST"
          ? { body: e.body, headers: e.contentType ? { "content-type": e.contentType } : {} }
          : {}),
      });
      await res.body.dump();
      // The proxy judges off the answer's path: its verdict on this exchange comes a turn after the answer.
      while (proxy.session.exchanges < judged) await new Promise((resolve) => setImmediate(resolve));
      return findings.length === 0;
    }),
    { numRuns: 400, seed: 2026, endOnFailure: true },
  );
  t.same(findings, [], "no finding against the reference server");
});
