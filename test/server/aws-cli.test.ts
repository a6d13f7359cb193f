// The aws CLI (v1 here and in CI) pointed at the server: output parses, and errors carry the shape's name (W3).
import t from "tap";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startServer } from "../../src/server/index.js";

const run = promisify(execFile);

async function cliAvailable(): Promise<boolean> {
  try {
    await run("aws", ["--version"]);
    return true;
  } catch {
    return false;
  }
}

t.test("aws chime-sdk-voice against the reference server", async (t) => {
  if (!(await cliAvailable())) {
    t.fail("the aws CLI is not on PATH; it is required for this test");
    return;
  }
  const running = await startServer({ logLevel: "silent" });
  t.teardown(() => running.close());
  const env = {
    ...process.env,
    AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
    AWS_SECRET_ACCESS_KEY: "fake-secret",
    AWS_DEFAULT_REGION: "us-east-1",
    AWS_CONFIG_FILE: "/dev/null",
    AWS_SHARED_CREDENTIALS_FILE: "/dev/null",
    AWS_MAX_ATTEMPTS: "1",
  };
  const aws = (...args: string[]) =>
    run(
      "aws",
      ["chime-sdk-voice", ...args, "--endpoint-url", running.url, "--region", "us-east-1", "--output", "json"],
      { env },
    ).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  const updated = await aws("update-phone-number", "--phone-number-id", "+12065550100", "--name", "x");
  t.equal(updated.code, 0, updated.stderr);
  t.equal(JSON.parse(updated.stdout).PhoneNumber.Name, "x");
  const read = await aws("get-phone-number", "--phone-number-id", JSON.parse(updated.stdout).PhoneNumber.PhoneNumberId);
  t.same(
    JSON.parse(read.stdout),
    JSON.parse(updated.stdout),
    "W1 + S7: the returned id reads back what the update returned",
  );

  const errors: Array<[string[], RegExp]> = [
    [
      ["get-phone-number", "--phone-number-id", "+19995550199"],
      /\(NotFoundException\) when calling the GetPhoneNumber operation: .+/,
    ],
    [
      ["update-phone-number", "--phone-number-id", "+12065550100", "--name", "bad!"],
      /\(BadRequestException\) when calling the UpdatePhoneNumber operation: Name: /,
    ],
    [
      ["update-phone-number", "--phone-number-id", "+12065550130", "--calling-name", "Other"],
      /\(ConflictException\) when calling the UpdatePhoneNumber operation: .+/,
    ],
  ];
  for (const [args, want] of errors) {
    const r = await aws(...args);
    t.not(r.code, 0);
    t.match(r.stderr, want);
  }
});
