// The limit for the reference server: bare Fastify (the same version) with the same two routes, answering
// a fixed, valid PhoneNumber with the headers the reference server sends (content-type, a fresh
// x-amzn-RequestId), with no validation, no state and no logging. The body is read as bytes, as the
// reference server reads it, and ignored.
// Run: node --import tsx bench/baseline/fastify-server.ts [PORT]   (prints `listening on URL` on stdout)
import { randomUUID } from "node:crypto";
import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import type { components } from "../../generated/openapi.js";

/** What the reference server answers for GetPhoneNumber of the first fixture number. */
const answer: components["schemas"]["PhoneNumberResponse"] = {
  PhoneNumber: {
    PhoneNumberId: "%2B12065550100",
    E164PhoneNumber: "+12065550100",
    Country: "US",
    Type: "Local",
    ProductType: "VoiceConnector",
    Status: "Assigned",
    Capabilities: {
      InboundCall: true,
      OutboundCall: true,
      InboundSMS: true,
      OutboundSMS: true,
      InboundMMS: false,
      OutboundMMS: false,
    },
    Associations: [
      { Value: "abcdef1ghij2klmno3pqr4", Name: "VoiceConnectorId", AssociatedTimestamp: "2026-01-06T09:15:00.000Z" },
    ],
    CallingNameStatus: "Unassigned",
    CreatedTimestamp: "2026-01-05T10:00:00.000Z",
    UpdatedTimestamp: "2026-01-05T10:00:00.000Z",
    OrderId: "6513270e-269e-4d37-b2a7-4de452e6b438",
    Name: "Front desk",
  },
};
const body = Buffer.from(JSON.stringify(answer), "utf8");

const app = Fastify({ logger: false, genReqId: () => randomUUID() });
app.removeAllContentTypeParsers();
app.addContentTypeParser("*", { parseAs: "buffer" }, (_request, raw, done) => done(null, raw));

function fixedAnswer(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.code(200).header("content-type", "application/json").header("x-amzn-requestid", request.id).send(body);
}
app.get("/phone-numbers/:id", fixedAnswer);
app.post("/phone-numbers/:id", fixedAnswer);

const url = await app.listen({ host: "127.0.0.1", port: Number(process.argv[2] ?? 0) });
process.stdout.write(`listening on ${url}\n`);
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
