// The floor for a conformance run: a fresh process that starts bare Fastify (fixed answer, no validation) on
// loopback and sends it N requests, C at a time, with undici (the runner's HTTP client), then exits: what any
// run of N exchanges at that concurrency costs on this machine before judging anything.
// Usage: node bench/baseline/suite-floor.mjs N C
import Fastify from "fastify";
import { Agent, request } from "undici";

const total = Number(process.argv[2] ?? 200);
const concurrency = Number(process.argv[3] ?? 4);
const app = Fastify({ logger: false });
app.get("/phone-numbers/:id", async () => ({ PhoneNumber: { PhoneNumberId: "%2B12065550100" } }));
const url = await app.listen({ host: "127.0.0.1", port: 0 });
const dispatcher = new Agent({ connections: concurrency });
let next = 0;
async function worker() {
  while (next < total) {
    next++;
    const { statusCode, body } = await request(`${url}/phone-numbers/%2B12065550100`, { dispatcher });
    await body.arrayBuffer();
    if (statusCode !== 200) throw new Error(`status ${statusCode}`);
  }
}
await Promise.all(Array.from({ length: concurrency }, worker));
await dispatcher.close();
await app.close();
