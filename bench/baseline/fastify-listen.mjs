// The floor for cold start: plain JavaScript (no loader), the same Fastify, one route, listening on a free
// loopback port, then the same `listening on URL` line the reference server prints.
import Fastify from "fastify";

const app = Fastify({ logger: false });
app.get("/phone-numbers/:id", async () => ({ PhoneNumber: {} }));
const url = await app.listen({ host: "127.0.0.1", port: 0 });
process.stdout.write(`listening on ${url}\n`);
for (const signal of ["SIGINT", "SIGTERM"]) process.once(signal, () => void app.close().then(() => process.exit(0)));
