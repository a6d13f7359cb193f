// --record DIR: an application's traffic through the proxy becomes a case file; `test --cases DIR` replays it
// green against the implementation it was recorded from and red against one that behaves otherwise.
import t from "tap";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import {
  ChimeSDKVoiceClient,
  GetPhoneNumberCommand,
  UpdatePhoneNumberCommand,
  type UpdatePhoneNumberCommandInput,
} from "@aws-sdk/client-chime-sdk-voice";
import { parse } from "yaml";
import { startServer } from "../../src/server/index.js";
import { runCli } from "../helpers/cli.js";
import { startProxy } from "../../bench/support/faulty-proxy.js";
import { faultyTargets } from "../runner/faulty/table.js";
import { startProxyCommand } from "./helpers.js";

/** What an application might do: reads, renames, a calling name, a product type, mistakes, an unknown number. */
async function application(endpoint: string) {
  const client = new ChimeSDKVoiceClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "fake-secret" },
    maxAttempts: 1,
  });
  const updates: UpdatePhoneNumberCommandInput[] = [
    { PhoneNumberId: "+12065550100", Name: "Front desk" },
    { PhoneNumberId: "+12065550100", Name: "" },
    { PhoneNumberId: "+12065550101", CallingName: "Acme Corp" },
    { PhoneNumberId: "+442079460000", ProductType: "VoiceConnector" },
    { PhoneNumberId: "+12065550100", Name: "bad!" },
    { PhoneNumberId: "+19995550199", Name: "Nobody" },
  ];
  for (const u of updates) {
    await client.send(new UpdatePhoneNumberCommand(u)).catch(() => undefined);
    await client.send(new GetPhoneNumberCommand({ PhoneNumberId: u.PhoneNumberId! })).catch(() => undefined);
  }
  client.destroy();
}

t.test(
  "a session recorded against the reference server replays green there and red against a faulty one",
  async (t) => {
    const dir = t.testdir();
    const recorded = await startServer({ logLevel: "silent" });
    t.teardown(() => recorded.close());
    const proxy = await startProxyCommand("--target", recorded.url, "--record", join(dir, "cases"));
    await application(proxy.url);
    t.equal(await proxy.stop(), 0, proxy.output.err);
    const files = readdirSync(join(dir, "cases"));
    t.equal(files.length, 1, "one case file");
    t.match(proxy.output.err, /recorded .*recorded-.*\.yaml/);
    const text = readFileSync(join(dir, "cases", files[0]!), "utf8");
    const file = parse(text) as {
      cases: Array<{ numbers: Record<string, unknown>; steps: Array<{ expect: Record<string, unknown> }> }>;
    };
    const recordedCase = file.cases[0]!;
    t.equal(recordedCase.steps.length, 12, "each exchange a step");
    t.notMatch(text, /Timestamp|RequestId|requestid/i, "no timestamps or request ids in the expectations");
    t.notMatch(text, /\+12065550100|%2B12065550100/, "numbers described by their properties, not by id");
    t.same(recordedCase.numbers.number4, { unknown: true }, "the unknown number is described as unknown");

    const fresh = await startServer({ logLevel: "silent" });
    t.teardown(() => fresh.close());
    const green = await runCli("test", "--target", fresh.url, "--cases", join(dir, "cases"), "--reporter", "tap");
    t.equal(green.code, 0, green.out + green.err);
    t.match(green.out, /^ok \d+ - recorded-[^#]*$/m, "the recorded case ran, and passed");

    for (const name of [
      'Name "" ignored instead of removing the name',
      "a calling-name update reported as done at once",
    ]) {
      const fault = faultyTargets.find((f) => f.name === name)!;
      const server = await startServer({ logLevel: "silent" });
      const faulty = await startProxy(server.url, fault);
      const red = await runCli("test", "--target", faulty.url, "--cases", join(dir, "cases"), "--reporter", "tap");
      await faulty.close();
      await server.close();
      t.equal(red.code, 1, `red against a faulty implementation: ${name}`);
      t.match(red.out, /not ok \d+ - recorded-/);
    }
  },
);
