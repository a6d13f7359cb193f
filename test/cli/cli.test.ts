import t from "tap";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { readFileSync } from "node:fs";
import { defaultSpecPath } from "../../src/contract/index.js";
import { runCli as run } from "../helpers/cli.js";

t.test("lint: the shipped document is valid (exit 0)", async (t) => {
  const r = await run("lint");
  t.equal(r.code, 0);
  t.match(r.out, /valid OpenAPI 3\.1/);
});

t.test("lint: an invalid document is a finding (exit 1) printed with its JSON pointer", async (t) => {
  const dir = t.testdir();
  const file = join(dir, "bad.yaml");
  const spec = readFileSync(defaultSpecPath, "utf8");
  await writeFile(
    file,
    spec
      .replace("CallingName: Acme Corp\n    productType", "CallingName: Acme Corp!\n    productType")
      .replace(
        "              value:\n                CallingName: Acme Corp",
        "              value:\n                CallingName: Acme Corp!",
      ),
  );
  const r = await run("lint", "--spec", file);
  t.equal(r.code, 1);
  t.match(
    r.err,
    /bad\.yaml:\d+: \/components\/requestBodies\/UpdatePhoneNumber\/content\/application~1json\/examples\/callingName\/value\/CallingName: example must match pattern/,
  );
});

t.test("lint: an unreadable document is unusable input (exit 2)", async (t) => {
  const r = await run("lint", "--spec", join(t.testdir(), "nope.yaml"));
  t.equal(r.code, 2);
  t.match(r.err, /cannot read/);
});

t.test("generate --check: the committed types are fresh (exit 0)", async (t) => {
  const r = await run("generate", "--check");
  t.equal(r.code, 0, r.err);
});

t.test("bad commands and flags get one line and exit 2", async (t) => {
  for (const argv of [
    ["frobnicate"],
    ["lint", "--nope"],
    ["generate", "--check=yes"],
    ["lint", "--spec"],
    ["lint", "stray"],
    ["generate", "--check", "--check"],
  ]) {
    const r = await run(...argv);
    t.equal(r.code, 2, argv.join(" "));
    t.equal(r.err.trim().split("\n").length, 1, `${argv.join(" ")}: one line`);
    t.equal(r.out, "", `${argv.join(" ")}: nothing on stdout`);
  }
});

t.test("--help lists commands; a command's --help lists every flag with its default; --version", async (t) => {
  const help = await run("--help");
  t.equal(help.code, 0);
  t.match(help.out, /lint/);
  t.match(help.out, /generate/);
  const generate = await run("generate", "--help");
  t.match(generate.out, /--check\s+.*default: false/);
  const lint = await run("lint", "--help");
  t.match(lint.out, /--spec FILE\s+.*default: the package's spec\/openapi\.yaml/);
  const version = await run("--version");
  t.match(version.out, /^\d+\.\d+\.\d+\n$/);
  t.equal((await run()).code, 2, "no command is a usage error");
});
