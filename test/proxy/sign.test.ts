// --sign sigv4: the proxy re-signs every request with credentials from the standard AWS sources, so an
// application with any credentials reaches a target that verifies signatures (here `serve --auth sigv4`).
// Without it the client's own signature, made for the proxy's Host, does not verify there (DESIGN).
import t from "tap";
import {
  ChimeSDKVoiceClient,
  GetPhoneNumberCommand,
  UnauthorizedClientException,
  UpdatePhoneNumberCommand,
} from "@aws-sdk/client-chime-sdk-voice";
import { startServer } from "../../src/server/index.js";
import { startProxyCommand } from "./helpers.js";

const key = { accessKeyId: "AKIDPROXYSIGNS", secretAccessKey: "proxy-secret" };

function client(endpoint: string) {
  return new ChimeSDKVoiceClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDNOBODYKNOWS", secretAccessKey: "whatever" },
    maxAttempts: 1,
  });
}

t.test("--sign sigv4 through the proxy to serve --auth sigv4", async (t) => {
  const server = await startServer({ logLevel: "silent", auth: { credentials: [key], region: "eu-west-1" } });
  t.teardown(() => server.close());
  const saved = { ...process.env };
  // The standard AWS sources: the environment comes first.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: key.accessKeyId,
    AWS_SECRET_ACCESS_KEY: key.secretAccessKey,
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
  });
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  t.teardown(() => {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  });

  await t.test("re-signed: the client's unknown key does not matter", async (t) => {
    const proxy = await startProxyCommand("--target", server.url, "--sign", "sigv4", "--region", "eu-west-1");
    const c = client(proxy.url);
    t.teardown(() => c.destroy());
    const updated = await c.send(new UpdatePhoneNumberCommand({ PhoneNumberId: "+12065550100", Name: "Signed" }));
    t.equal(updated.PhoneNumber?.Name, "Signed");
    const read = await c.send(new GetPhoneNumberCommand({ PhoneNumberId: updated.PhoneNumber!.PhoneNumberId! }));
    t.same(read.PhoneNumber, updated.PhoneNumber, "S7 through a re-signing proxy");
    t.equal(await proxy.stop(), 0, proxy.output.err);
    t.match(proxy.output.err, /2 exchanges, 0 findings/);
  });

  await t.test("a wrong region for the target's scope: its 401 is forwarded, and judged like any answer", async (t) => {
    const proxy = await startProxyCommand("--target", server.url, "--sign", "sigv4", "--region", "us-west-2");
    const c = client(proxy.url);
    t.teardown(() => c.destroy());
    await t.rejects(c.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" })), UnauthorizedClientException);
    t.equal(await proxy.stop(), 0, "a well-formed 401 is no finding");
  });

  await t.test("without --sign: the client's signature does not verify at the target", async (t) => {
    const proxy = await startProxyCommand("--target", server.url);
    const c = new ChimeSDKVoiceClient({
      endpoint: proxy.url,
      region: "eu-west-1",
      credentials: key,
      maxAttempts: 1,
    });
    t.teardown(() => c.destroy());
    await t.rejects(c.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" })), UnauthorizedClientException);
    t.equal(await proxy.stop(), 0, proxy.output.err);
  });
});
