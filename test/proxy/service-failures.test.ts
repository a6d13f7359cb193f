// Regression: the proxy tagged an injected 503 to a Name update as [V5] and a 500 to a GET as [W1], the rules the
// requests were accepted under, which they did not break. A 500 or 503 in the W3 envelope is a lawful answer of
// the service to a valid request (fault injection exists to test clients' retries): no finding. The same
// answer to a request the contract refuses is the refusing rule's finding.
import t from "tap";
import { request } from "undici";
import { startServer } from "../../src/server/index.js";
import { startProxyCommand } from "./helpers.js";

t.test(
  "injected 5xx through the proxy: lawful for valid requests, the refusing rule's finding otherwise",
  async (t) => {
    const server = await startServer({ logLevel: "silent" });
    t.teardown(() => server.close());
    const proxy = await startProxyCommand("--target", server.url);
    const fault = (body: object) =>
      request(`${server.url}/_control/faults`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then((r) => r.body.text());
    await fault({ operation: "UpdatePhoneNumber", error: "ServiceUnavailableException", count: 2 });
    await fault({ operation: "GetPhoneNumber", error: "ServiceFailureException" });
    const send = async (method: "GET" | "POST", body?: string) => {
      const r = await request(`${proxy.url}/phone-numbers/%2B12065550100`, {
        method,
        ...(body !== undefined ? { headers: { "content-type": "application/json" }, body } : {}),
      });
      await r.body.text();
      return r.statusCode;
    };
    t.equal(await send("POST", '{"Name":"Main desk"}'), 503, "a valid Name update meets the injected 503");
    t.equal(await send("GET"), 500, "a GET meets the injected 500");
    t.equal(await send("POST", '{"Name":"bad\\u00a0name"}'), 503, "an invalid Name meets the second 503");
    const code = await proxy.stop();
    const findings = proxy.output.err.split("\n").filter((l) => l.startsWith("finding "));
    t.same(
      findings.map((l) => /^finding \[(\w+)\] (\w+) .*? -> (\d+): (\w+):/.exec(l)?.slice(1)),
      [
        ["V5", "POST", "503", "no_server_error"],
        ["V5", "POST", "503", "expected_status"],
      ],
      `only the invalid request's 503 is a finding, under V5 (findings: ${findings.join(" | ")})`,
    );
    t.equal(code, 1);
  },
);
