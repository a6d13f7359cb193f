// DESIGN "Who may talk to the local servers": the runner signs only requests to the target's origin. Regression:
// with --sign, a --reset-url on another host got a signed POST (the operator's credentials vouching for a request
// to someone else). On the target's origin the reset is signed, so a server under --auth sigv4 lets it in.
import t from "tap";
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { startServer } from "../../src/server/index.js";
import { runCli } from "../helpers/cli.js";

const key = { accessKeyId: "AKIDRESETSIGNING", secretAccessKey: "reset-signing-secret" };

t.test("--reset-url elsewhere goes unsigned; on the target's origin it is signed and let in", async (t) => {
  process.env.AWS_ACCESS_KEY_ID = key.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = key.secretAccessKey;
  t.teardown(() => {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
  });
  const server = await startServer({ logLevel: "silent", auth: { credentials: [key] } });
  t.teardown(() => server.close());
  const seen: IncomingHttpHeaders[] = [];
  const elsewhere = createServer((req, res) => {
    seen.push(req.headers);
    req.resume();
    res.writeHead(200).end();
  });
  elsewhere.listen(0, "127.0.0.1");
  await once(elsewhere, "listening");
  t.teardown(() => new Promise<void>((resolve) => elsewhere.close(() => resolve())));
  // The same host on another port is another origin.
  const other = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/reset`;
  const base = ["test", "--target", server.url, "--sign", "sigv4", "--case", "W2-success-envelope"];
  const away = await runCli(...base, "--reset-url", other);
  t.equal(away.code, 0, away.err);
  t.equal(seen.length, 1, "the reset was posted");
  t.equal(seen[0]!.authorization, undefined, "unsigned: not the target's origin");
  t.equal(seen[0]!["x-amz-date"], undefined);
  const home = await runCli(...base, "--reset-url", `${server.url}/_control/reset`);
  t.equal(home.code, 0, `the target's own reset, signed, let in under --auth sigv4: ${home.err}`);
});
