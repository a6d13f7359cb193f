// Regression: `fixtures capture --sign sigv4` without credentials printed a 10-line stack trace and exited 70;
// `proxy --sign sigv4` without credentials started, then answered every request 500. Every command with --sign
// resolves its credentials before it listens or sends: none is one line naming the sources tried, exit 2.
// Through the built command line, with no AWS source at all (no environment keys, an empty home, no instance
// metadata), and with credentials files that cannot be read.
import t from "tap";
import { execFile } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { packageRoot } from "../../src/contract/paths.js";

const run = promisify(execFile);
const bin = join(packageRoot, "dist", "src", "bin.js");

/** A target that counts what reaches it: nothing may, before credentials are known. */
const requests: string[] = [];
const target = createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  res.end("{}");
});
target.listen(0, "127.0.0.1");
await once(target, "listening");
t.teardown(() => target.close());
const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;

function environment(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith("AWS_")) env[k] = v;
  return {
    ...env,
    HOME: home,
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_CONFIG_FILE: join(home, "none"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "none"),
    ...extra,
  };
}

async function cli(args: string[], env: NodeJS.ProcessEnv) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env, timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const commands: Array<[string, string[]]> = [
  ["fixtures capture", ["fixtures", "capture", "--target", url, "--numbers", "+12065550100", "--sign", "sigv4"]],
  ["proxy", ["proxy", "--target", url, "--port", "0", "--sign", "sigv4"]],
  ["test", ["test", "--target", url, "--sign", "sigv4"]],
];

for (const [name, args] of commands) {
  t.test(`${name} --sign sigv4 with no credentials anywhere: one line, exit 2, nothing sent`, async (t) => {
    const before = requests.length;
    const r = await cli(args, environment(t.testdir()));
    t.equal(r.code, 2, r.stderr);
    t.equal(r.stderr.trim().split("\n").length, 1, `one line: ${r.stderr}`);
    t.match(
      r.stderr,
      /--sign sigv4: no AWS credentials found .*tried AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the shared config and credentials files/,
    );
    t.notMatch(r.stderr, /internal error|\n\s+at /);
    t.notMatch(r.stdout, /listening on/, "it never listened");
    t.equal(requests.length, before, "no request reached the target");
  });

  t.test(`${name} --sign sigv4 with a profile that does not exist: one line, exit 2`, async (t) => {
    const home = t.testdir({
      ".aws": { credentials: "[other]\naws_access_key_id = AKIAOTHER\naws_secret_access_key = s3cr3tvalue\n" },
    });
    const r = await cli(args, {
      ...environment(home),
      AWS_SHARED_CREDENTIALS_FILE: join(home, ".aws", "credentials"),
      AWS_PROFILE: "missing",
    });
    t.equal(r.code, 2, r.stderr);
    t.equal(r.stderr.trim().split("\n").length, 1, `one line: ${r.stderr}`);
    t.notMatch(r.stderr, /s3cr3tvalue|AKIAOTHER/, "nothing a source held is printed");
  });
}
