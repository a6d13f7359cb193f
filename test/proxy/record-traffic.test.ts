// --record DIR on traffic the recorder must keep whole: a body nested as deep as V1's limit allows, updates in flight
// at once on one number.
import t, { type Test } from "tap";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { startServer } from "../../src/server/index.js";
import { runCli } from "../helpers/cli.js";
import { startProxyCommand } from "./helpers.js";

const oneNumber = `{"PhoneNumber":{"PhoneNumberId":"%2B12065550100","E164PhoneNumber":"+12065550100","Country":"US","Type":"Local"}}`;

/** A target that answers every request 200 with one PhoneNumber. */
async function answeringTarget(t: Test): Promise<string> {
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "x-amzn-requestid": `id-${Math.random()}` });
      res.end(oneNumber);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** A step as the case file holds it, as far as these tests read it. */
interface RecordedStep {
  rule?: string;
  request: { method: string; number?: string; body?: string; headers?: Record<string, string>; json?: unknown };
  together: Array<{ afterMs?: number }>;
  expect: { status: number; members?: Record<string, unknown> };
}

function recorded(dir: string) {
  const files = readdirSync(dir);
  const yaml = files.find((f) => f.endsWith(".yaml"));
  const text = readFileSync(join(dir, yaml!), "utf8");
  return {
    files,
    text,
    case: (parse(text) as { cases: Array<{ steps: RecordedStep[] }> }).cases[0]!,
  };
}

t.test("a request body nested as deep as V1's 64 KiB allows is recorded as the text sent", async (t) => {
  const target = await answeringTarget(t);
  const dir = join(t.testdir(), "cases");
  const proxy = await startProxyCommand("--target", target, "--record", dir);
  // 30,000 levels in 60 KB: under V1's limit, so the proxy keeps the whole body and the recorder parses it.
  const body = `{"Name":"x","Extra":${"[".repeat(30_000)}${"]".repeat(30_000)}}`;
  const answer = await fetch(`${proxy.url}/phone-numbers/%2B12065550100`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  t.equal(answer.status, 200);
  await answer.arrayBuffer();
  await proxy.stop();
  const step = recorded(dir).case.steps[0]!;
  t.ok(step.request.body === body, "the body as sent, byte for byte");
  t.same(step.request.headers, { "content-type": "application/json" });
  t.notOk("json" in step.request, "not as JSON, which no YAML writer nests that deep");
});

t.test("updates in flight at once on one number are one group step, replayed green", async (t) => {
  // A target that takes 150 ms per update: two sent 20 ms apart are in flight together at the proxy.
  const server = await startServer({ logLevel: "silent", latencyMs: 150 });
  t.teardown(() => server.close());
  const dir = join(t.testdir(), "cases");
  const proxy = await startProxyCommand("--target", server.url, "--record", dir);
  const update = (json: object) =>
    fetch(`${proxy.url}/phone-numbers/%2B12065550104`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(json),
    }).then((r) => r.status);
  const first = update({ Name: "Together" });
  await new Promise((resolve) => setTimeout(resolve, 20));
  t.same(await Promise.all([first, update({ CallingName: "Both At Once" })]), [200, 200]);
  const read = await fetch(`${proxy.url}/phone-numbers/%2B12065550104`).then((r) => r.json());
  t.match(read, { PhoneNumber: { Name: "Together", CallingName: "Both At Once" } });
  await proxy.stop();
  const steps = recorded(dir).case.steps;
  t.equal(steps.length, 2, "the two updates one step, then the read");
  t.match(steps[0], {
    rule: "S8",
    together: [
      { method: "POST", number: "number1", json: { Name: "Together" } },
      { method: "POST", number: "number1", json: { CallingName: "Both At Once" } },
    ],
    expect: { statuses: { "200": 2 } },
  });
  t.ok((steps[0]!.together[1]?.afterMs ?? 0) >= 15, "sent again as far apart as they were");
  t.match(steps[1]!.expect.members, {
    "/PhoneNumber/Name": "Together",
    "/PhoneNumber/CallingName": "Both At Once",
    "/PhoneNumber/CallingNameStatus": "UpdateInProgress",
  });
  const fresh = await startServer({ logLevel: "silent" });
  t.teardown(() => fresh.close());
  const replay = await runCli(
    "test",
    "--target",
    fresh.url,
    "--cases",
    dir,
    "--reporter",
    "tap",
    "--exclude-tags",
    "coverage",
  );
  t.equal(replay.code, 0, replay.err);
  t.match(replay.out, /^ok \d+ - recorded-[^#]*$/m);
});
