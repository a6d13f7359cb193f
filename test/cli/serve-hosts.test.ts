// Regressions, through the built command line: `serve --host 0.0.0.0` printed no warning, and `serve` answered
// any Host. Now loopback names alone by default; bound elsewhere, also the bind address and each
// `--allowed-host NAME`, with a warning on stderr naming who can reach it; and, with or without `--`, a line
// to paste (`export AWS_ENDPOINT_URL_CHIME_SDK_VOICE=...`) on stderr, stdout keeping its one listening line.
import t from "tap";
import { request } from "node:http";
import { startCli } from "../helpers/cli-process.js";
import { runCli } from "../helpers/cli.js";

/** The status a GET of a fixture number gets with the given Host. */
function statusWithHost(base: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/phone-numbers/%2B12065550100`, { headers: { host }, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", reject);
    req.end();
  });
}

t.test("serve on loopback: one listening line on stdout, the export line on stderr, no warning", async (t) => {
  const cli = startCli(["serve", "--port", "0"]);
  t.teardown(() => cli.child.kill("SIGKILL"));
  const [, url] = await cli.waitFor("stdout", /^listening on (http:\/\/127\.0\.0\.1:\d+)\n/);
  await cli.waitFor("stderr", /\n/);
  t.equal(await statusWithHost(url!, "localhost"), 200, "Host: localhost");
  t.equal(await statusWithHost(url!, "rebind.attacker.example"), 403, "Host: a rebinding page's name");
  t.equal(await statusWithHost(url!, "evil.example:4010"), 403, "Host: evil.example:4010");
  cli.child.kill("SIGTERM");
  t.equal(await cli.exited, 0);
  t.equal(cli.stdout(), `listening on ${url}\n`, "stdout: exactly the listening line");
  t.equal(cli.stderr(), `export AWS_ENDPOINT_URL_CHIME_SDK_VOICE=${url}\n`, "stderr: exactly the line to paste");
});

t.test("serve --host 0.0.0.0: a warning naming who can reach it; only the names given are answered", async (t) => {
  const cli = startCli(["serve", "--host", "0.0.0.0", "--port", "0", "--allowed-host", "Chime-Voice"]);
  t.teardown(() => cli.child.kill("SIGKILL"));
  const [, port] = await cli.waitFor("stdout", /^listening on http:\/\/0\.0\.0\.0:(\d+)\n/);
  const [warning] = await cli.waitFor("stderr", /^chime-voice-contract serve: warning: .*\n/);
  t.match(
    warning,
    `listening on 0.0.0.0 (every interface), not loopback alone: any machine that can reach port ${port}`,
  );
  t.match(warning, /read and change the numbers it holds, and reset them or inject faults through \/_control\//);
  t.match(warning, /answered for Host localhost, 127\.0\.0\.0\/8, \[::1\], chime-voice, 0\.0\.0\.0 /);
  const [, local] = await cli.waitFor("stderr", /\nexport AWS_ENDPOINT_URL_CHIME_SDK_VOICE=(\S+)\n/);
  t.equal(local, `http://127.0.0.1:${port}`, "the line to paste names a URL a local client can use");
  for (const host of [`chime-voice:${port}`, "CHIME-VOICE", `0.0.0.0:${port}`, `127.0.0.1:${port}`])
    t.equal(await statusWithHost(local!, host), 200, `Host: ${host}`);
  for (const host of ["chime-voice.attacker.example", "rebind.attacker.example", "chime-voice."])
    t.equal(await statusWithHost(local!, host), 403, `Host: ${host}`);
  cli.child.kill("SIGTERM");
  t.equal(await cli.exited, 0);
  t.equal(cli.stderr().split("\n").length, 3, "the warning and the export line, nothing else");
});

const badNames: Array<[string, RegExp]> = [
  ["http://chime-voice", /--allowed-host must be a host name, not a URL, got 'http:\/\/chime-voice'/],
  ["chime-voice:4010", /--allowed-host must be the name alone, without a port/],
  ["*.example.test", /--allowed-host must be a host name, not a pattern/],
  ["chime-voice.", /--allowed-host must be the name without its trailing dot/],
  ["user@chime-voice", /--allowed-host must be a host name, without user information/],
  ["fe80::1%eth0", /--allowed-host must be an IPv6 address without a zone id/],
  ["chime voice", /--allowed-host must be a host name \(letters, digits/],
];
for (const [name, err] of badNames) {
  t.test(`serve --allowed-host '${name}': one line, exit 2, nothing started`, async (t) => {
    const r = await runCli("serve", "--port", "0", "--allowed-host", name);
    t.equal(r.code, 2);
    t.match(r.err, err);
    t.equal(r.err.trim().split("\n").length, 1, "one line");
    t.equal(r.out, "", "nothing on stdout");
  });
}

t.test("serve --allowed-host with no value, and --help shows the flag", async (t) => {
  const r = await runCli("serve", "--allowed-host");
  t.equal(r.code, 2);
  t.equal(r.err, "chime-voice-contract serve: --allowed-host needs a value\n");
  const help = await runCli("serve", "--help");
  t.match(help.out, /^ {2}--allowed-host NAME +a Host name answered .*\(repeatable; default: none\)$/m);
  t.match(help.out, /With -- COMMAND, COMMAND runs with AWS_ENDPOINT_URL_CHIME_SDK_VOICE/);
});
