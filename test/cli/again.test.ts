// Regression: the "again:" line dropped --case, --add-cases, --calling-name-delay, --concurrency, --timeout,
// --bail and --reset-url. It now runs the same again: every flag given but those that say where reports go, in
// order, as typed, the seed of generated cases added, and secrets redacted (a URL's password, secret parameters).
import t from "tap";
import { parseFlags } from "../../src/cli/flags.js";
import { runAbout } from "../../src/commands/run-about.js";
import { shownUrl as redact } from "../../src/judge/secrets.js";
import { testCommand } from "../../src/commands/test.js";

const again = (argv: string[], seed?: number) => runAbout(parseFlags("test", testCommand.flags, argv), seed).replay;

t.test("every selection and timing flag given, as typed", async (t) => {
  const argv = [
    "--target",
    "http://127.0.0.1:4010",
    "--case",
    "S8-*",
    "--case",
    "W1-*",
    "--add-cases",
    "team cases",
    "--calling-name-delay",
    "2s",
    "--concurrency",
    "8",
    "--timeout",
    "750ms",
    "--bail",
    "--reset-url",
    "http://127.0.0.1:4010/_control/reset",
    "--tags",
    "s8",
    "--exclude-tags",
    "decided",
    "--burst",
    "30",
  ];
  t.equal(
    again([...argv, "--reporter", "junit:out.xml", "--max-failures", "3"]),
    "npx chime-voice-contract test --target http://127.0.0.1:4010 --case 'S8-*' --case 'W1-*' --add-cases 'team cases' --calling-name-delay 2s --concurrency 8 --timeout 750ms --bail --reset-url http://127.0.0.1:4010/_control/reset --tags s8 --exclude-tags decided --burst 30",
  );
  const words = (again(argv).match(/'[^']*'|\S+/g) ?? []).slice(3).map((w) => w.replace(/^'(.*)'$/, "$1"));
  t.same(parseFlags("test", testCommand.flags, words), parseFlags("test", testCommand.flags, argv), "it parses back");
});

t.test("the seed of generated cases is added unless given; --no-bail is kept", async (t) => {
  t.equal(again(["--generate"], 42), "npx chime-voice-contract test --generate --seed 42");
  t.equal(again(["--generate", "--seed", "7"], 7), "npx chime-voice-contract test --generate --seed 7");
  t.equal(again(["--no-bail"]), "npx chime-voice-contract test --no-bail");
});

t.test("secrets are redacted: a URL's password, secret query parameters", async (t) => {
  const line = again(["--target", "https://user:hunter2@staging.example/v1?token=abc123&region=eu"]);
  t.notMatch(line, /hunter2|abc123/);
  t.match(line, /https:\/\/user:\*\*\*@staging\.example\/v1\?token=\*\*\*&region=eu/);
  t.equal(redact("http://127.0.0.1:4010"), "http://127.0.0.1:4010", "a URL without secrets stays as typed");
  t.equal(redact("X-Amz-Signature"), "X-Amz-Signature", "a word that is not a URL stays");
});
