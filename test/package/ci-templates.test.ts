// The CI templates under examples/ci/ are valid YAML, and the conformance gate they run is a command
// line this version of the CLI accepts (every flag parsed by the `test` command's own flag table).
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { parseFlags } from "../../src/cli/flags.js";
import { proxyCommand } from "../../src/commands/proxy.js";
import { testCommand } from "../../src/commands/test.js";
import { packageRoot } from "../../src/contract/index.js";

/** The argv after `chime-voice-contract test` in a shell line, with quotes removed. */
function gateArgv(script: string): string[] | undefined {
  const flat = script.replace(/\\\n/g, " ").replace(/\n/g, " ");
  const match = /chime-voice-contract(?:@[\w.-]+)? test((?: +(?:--[\w-]+(?:=\S+)?|"[^"]*"|[^\s-][^\s]*))*)/.exec(flat);
  return match?.[1]
    ?.trim()
    .split(/ +/)
    .filter(Boolean)
    .map((a) => a.replace(/^"(.*)"$/, "$1"));
}

function scripts(node: unknown): string[] {
  if (typeof node === "string") return [node];
  if (Array.isArray(node)) return node.flatMap(scripts);
  if (node && typeof node === "object") return Object.values(node).flatMap(scripts);
  return [];
}

for (const file of ["github-actions.yml", "gitlab-ci.yml"]) {
  t.test(`examples/ci/${file}: valid YAML whose gate the CLI accepts, with a JUnit report published`, async (t) => {
    const text = readFileSync(join(packageRoot, "examples", "ci", file), "utf8");
    const document = parse(text) as unknown;
    t.type(document, "object");
    const gates = scripts(document)
      .map(gateArgv)
      .filter((argv): argv is string[] => argv !== undefined);
    t.equal(gates.length, 1, "one conformance gate");
    const options = parseFlags("test", testCommand.flags, gates[0]!);
    t.equal(options.target, "$SERVICE_URL", "--target points at the implementation started before");
    t.ok(
      (options.reporter as string[]).some((r) => r.startsWith("junit:")),
      "a JUnit report to a file",
    );
    t.match(text, /reports\/chime-voice-conformance\.xml/, "the JUnit file is published");
    // The client teams' job: serve -- sh -c 'proxy ... -- npm test', each part a command line the CLI accepts.
    const traffic = scripts(document)
      .map((s) => s.replace(/\n/g, " "))
      .find((s) => / serve -- +sh -c '/.test(s));
    t.ok(traffic, "a job runs the team's tests through serve and the proxy");
    const inner = /sh -c '([^']*)'/.exec(traffic ?? "")![1]!;
    const proxyArgv = /chime-voice-contract proxy (.*?) -- (.*)$/.exec(inner.replace(/ +/g, " ").trim());
    t.ok(proxyArgv, `the proxy runs the tests as its COMMAND: ${inner}`);
    const argv = proxyArgv![1]!.split(" ").map((a) => a.replace(/^"(.*)"$/, "$1"));
    const proxied = parseFlags("proxy", proxyCommand.flags, argv, true);
    t.equal(proxied.target, "$CHIME_VOICE_CONTRACT_URL", "the proxy's target is the server serve started");
    t.ok((proxied.reporter as string[]).some((r) => /^junit:reports\/chime-voice-traffic\.xml$/.test(r)));
    t.match(text, /reports\/chime-voice-traffic\.xml/);
  });
}

t.test("the README's gate command is one the CLI accepts", async (t) => {
  // Shell continuations joined, comments dropped, as a shell would read the README's examples.
  const readme = readFileSync(join(packageRoot, "README.md"), "utf8").replace(/\\\n\s*/g, " ");
  const lines = readme
    .split("\n")
    .filter((l) => /chime-voice-contract test --target/.test(l))
    .map((l) => l.replace(/\s+#\s.*$/, ""));
  t.ok(lines.length > 0, "the README shows a gate against a target");
  for (const line of lines) {
    const argv = gateArgv(line.replace(/`/g, " "))!;
    t.doesNotThrow(() => parseFlags("test", testCommand.flags, argv), line.trim());
  }
});
