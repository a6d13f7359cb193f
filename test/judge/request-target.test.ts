// W5 and W1, what a request addresses, judged one way by every entry point: the reference server answers a request
// as outside the contract exactly when the runner and the proxy judge it so, and reads its label as they do.
// Before, three spellings were read two ways, and the proxy held the reference server's own answers against it:
// a query parameter `operation` with a percent-encoded name (`?%6Fperation=restore`: the server's 404 was
// fixtures_held), a returned PhoneNumberId in lowercase hex (`%252b...`: the server's 200 was addressed_number),
// and a label over the server's 100 characters (its 400 was S1's expected_status).
import t from "tap";
import { request } from "undici";
import { defaultFixturesPath, loadContract, type OperationId } from "../../src/contract/index.js";
import { maxLabelLength } from "../../src/contract/label.js";
import { requestTarget } from "../../src/contract/request-target.js";
import { operationOf } from "../../src/judge/operation.js";
import { addressedBy, judgeRequest } from "../../src/judge/request-verdict.js";
import { startValidatingProxy } from "../../src/proxy/index.js";
import { requestOperation } from "../../src/runner/case-request.js";
import { buildServer, startServer } from "../../src/server/index.js";
import { outsideMessage } from "../../src/server/handlers.js";
import { decodeLabel } from "../../src/server/label.js";

const contract = await loadContract();
const n = "%2B12065550100";
type Want = OperationId | "outside";
const G: Want = "GetPhoneNumber";
const U: Want = "UpdatePhoneNumber";
const O: Want = "outside";

/** Method, path and query as sent, and what the contract makes of them. */
const rows: Array<[string, string, Want]> = [
  ["GET", `/phone-numbers/${n}`, G],
  ["POST", `/phone-numbers/${n}`, U],
  ["POST", `/phone-numbers/${n}?foo=1`, U],
  ["GET", `/phone-numbers/${n}?x=a/b`, G],
  ["GET", `/phone-numbers/${n}?Operation=restore`, G],
  ["GET", `/phone-numbers/${n}?operations=restore`, G],
  ["GET", `/phone-numbers/${n}?%ZZ=1`, G],
  ["GET", `/phone-numbers/${n}?`, G],
  ["GET", "/phone-numbers/", G],
  ["POST", `/phone-numbers/${n}?operation=restore`, O],
  ["GET", `/phone-numbers/${n}?operation`, O],
  ["GET", `/phone-numbers/${n}?a=1&operation=`, O],
  ["POST", `/phone-numbers/${n}?%6Fperation=restore`, O],
  ["GET", `/phone-numbers/${n}?%6fperation=restore`, O],
  ["GET", `/phone-numbers/${n}?op%65ration=x`, O],
  ["GET", `/phone-numbers/${n}?a=1&%6F%70%65%72%61%74%69%6F%6E=x&b=2`, O],
  ["GET", `/phone-numbers/${n}/x`, O],
  ["GET", `/phone-numbers/${n}/`, O],
  ["GET", "/phone-numbers", O],
  ["GET", `/phone-numbersx/${n}`, O],
  ["DELETE", `/phone-numbers/${n}`, O],
  ["HEAD", `/phone-numbers/${n}`, O],
  ["PUT", `/phone-numbers/${n}?foo=1`, O],
];

t.test("every entry point judges what a request addresses alike (W5)", async (t) => {
  const app = await buildServer({ contract });
  t.teardown(() => app.close());
  for (const [method, path, want] of rows) {
    const what = `${method} ${path}`;
    const target = requestTarget(method, path);
    t.equal(target.kind === "operation" ? target.operationId : O, want, `${what}: requestTarget`);
    t.equal(operationOf(method, path) ?? O, want, `${what}: the judge`);
    t.equal(
      judgeRequest(contract, { method, url: path, path, headers: {} }, path).operation ?? O,
      want,
      `${what}: judgeRequest`,
    );
    t.equal(addressedBy(method, path) !== undefined, want !== O, `${what}: the number addressed, for the proxy`);
    const sent = { method, url: `http://127.0.0.1:1/base${path}`, path: `/base${path}`, headers: {} };
    t.equal(requestOperation("http://127.0.0.1:1/base/", sent) ?? O, want, `${what}: the runner, under a base path`);
    const answer = await app.inject({ method: method as "GET", url: path, headers: { host: "127.0.0.1" } });
    // A HEAD answer has no body to carry the message; every number here is held, so its 404 is W5's.
    const outside = answer.statusCode === 404 && (method === "HEAD" || answer.body.includes(outsideMessage));
    t.equal(outside, want === O, `${what}: the reference server answers ${answer.statusCode}`);
  }
});

/** Labels as sent, and the number each addresses (undefined: none, a 400). */
const labels: Array<[string, string | undefined]> = [
  [n, "+12065550100"],
  ["+12065550100", "+12065550100"],
  ["%2b12065550100", "+12065550100"],
  ["%252B12065550100", "+12065550100"],
  ["%252b12065550100", "+12065550100"],
  ["%25252B12065550100", "%252B12065550100"],
  [`%2B1206555010${"0".repeat(maxLabelLength - 13)}`, `+1206555010${"0".repeat(maxLabelLength - 13)}`],
  [`%2B1206555010${"0".repeat(maxLabelLength - 12)}`, undefined],
  ["1".repeat(150), undefined],
  ["%ZZ", undefined],
  ["%20", undefined],
];

t.test("the server and the judges read a label alike (W1), and a long one is the server's 400 (W5)", async (t) => {
  const validate = contract.operation("GetPhoneNumber").label;
  for (const [raw, want] of labels) {
    const server = decodeLabel(raw, validate);
    t.equal(server.ok ? server.value : undefined, want, `${raw.slice(0, 30)}: the server`);
    const verdict = judgeRequest(contract, { method: "GET", url: "", path: "", headers: {} }, `/phone-numbers/${raw}`);
    const judged = verdict.refused || verdict.longLabel ? undefined : verdict.addressed;
    t.equal(judged, want, `${raw.slice(0, 30)}: the judge`);
    t.equal(verdict.longLabel ?? false, raw.length > maxLabelLength, `${raw.slice(0, 30)}: over the server's limit`);
  }
});

t.test("the proxy holds nothing against the reference server for any of these requests", async (t) => {
  const server = await startServer({ host: "127.0.0.1", port: 0 });
  const proxy = await startValidatingProxy({ target: server.url, port: 0, fixturesPath: defaultFixturesPath });
  t.teardown(async () => {
    await proxy.close();
    await server.close();
  });
  const findings: string[] = [];
  for (const [method, path] of rows) {
    if (method === "HEAD" || path.includes("%ZZ")) continue;
    const body = method === "POST" ? JSON.stringify({ Name: "Desk" }) : undefined;
    const res = await request(`${proxy.url}${path}`, {
      method: method as "GET",
      ...(body ? { body, headers: { "content-type": "application/json" } } : {}),
    });
    await res.body.dump();
  }
  for (const [raw] of labels)
    for (const method of ["GET", "POST"] as const) {
      const res = await request(`${proxy.url}/phone-numbers/${raw}`, {
        method,
        ...(method === "POST" ? { body: '{"Name":"Desk"}', headers: { "content-type": "application/json" } } : {}),
      });
      await res.body.dump();
    }
  await proxy.close();
  for (const kept of proxy.session.kept)
    for (const f of kept.reported) findings.push(`${kept.info.title}: ${f.message}`);
  t.equal(proxy.session.exchanges, rows.length - 2 + 2 * labels.length, "every request forwarded and judged");
  t.same(findings, [], "no finding against the reference server");
});
