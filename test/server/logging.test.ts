// The model's sensitive members (PhoneNumberId, E164PhoneNumber, CallingName, Name) never reach the logs,
// even at trace level; at the default level nothing is logged per request.
import t, { type Test } from "tap";
import { Writable } from "node:stream";
import { startServer } from "../../src/server/index.js";
import { httpExchange, json, rawExchange } from "./helpers.js";

function sink() {
  const lines: string[] = [];
  return {
    lines,
    stream: new Writable({
      write: (chunk, _e, done) => {
        lines.push(String(chunk));
        done();
      },
    }),
  };
}

async function traffic(t: Test, base: string) {
  await httpExchange(t, base, { method: "GET", url: "/phone-numbers/%2B12065550100" });
  await httpExchange(t, base, {
    method: "POST",
    url: "/phone-numbers/+12065550101",
    headers: json,
    body: '{"CallingName":"Secret Caller"}',
  });
  await httpExchange(t, base, {
    method: "POST",
    url: "/phone-numbers/%2B12065550102",
    headers: json,
    body: '{"Name":"Secret.Name"}',
  });
  await httpExchange(t, base, {
    method: "POST",
    url: "/phone-numbers/%2B12065550103",
    headers: json,
    body: '{"Name":"Secret!Name"}',
  });
  await httpExchange(t, base, { method: "GET", url: "/phone-numbers/%2B1206555%zz" });
  await httpExchange(t, base, { method: "DELETE", url: "/phone-numbers/%2B12065550104" });
  await httpExchange(t, base, {
    method: "POST",
    url: "/phone-numbers/%2B12065550105",
    headers: json,
    body: '{"Name":"Secret',
  });
  await rawExchange(Number(new URL(base).port), "GET /phone-numbers/%2B12065550106 HTTP/9.9\r\n\r\n");
}

t.test("at trace level, no number, name or calling name appears in the logs", async (t) => {
  const { lines, stream } = sink();
  const running = await startServer({ logLevel: "trace", logStream: stream });
  await traffic(t, running.url);
  await running.close();
  t.ok(lines.length > 10, `requests are logged (${lines.length} lines)`);
  const all = lines.join("");
  for (const secret of ["2065550", "%2B1206", "Secret", "1206555"])
    t.notOk(all.includes(secret), `no '${secret}' in the logs`);
  t.match(all, /\/phone-numbers\/\{phoneNumberId\}/, "requests are logged by route template");
});

t.test("at the default level nothing is logged per request", async (t) => {
  const { lines, stream } = sink();
  const running = await startServer({ logStream: stream });
  await traffic(t, running.url);
  await running.close();
  t.same(lines, []);
});
