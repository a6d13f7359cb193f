// The tool's own errors are one catalogue (src/errors.ts), held to itself: every class of it carries a code of the
// catalogue, every code is thrown somewhere in src/, and the command line prints each as one line with its exit code.
import t from "tap";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import * as errors from "../src/errors.js";
import { packageRoot } from "../src/contract/paths.js";
import { main } from "../src/cli.js";
import { captureIo } from "./helpers/cli.js";

const classes = Object.entries(errors).filter(
  ([, v]) => typeof v === "function" && v.prototype instanceof errors.ToolError,
) as Array<[string, new (...args: never[]) => errors.ToolError]>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}
const catalogue = readFileSync(join(packageRoot, "src", "errors.ts"), "utf8");
const elsewhere = sources(join(packageRoot, "src"))
  .filter((f) => !f.endsWith(join("src", "errors.ts")))
  .map((f) => readFileSync(f, "utf8"))
  .join("\n");

t.test("every error class of the catalogue carries one of its codes, and its exit code", async (t) => {
  t.ok(classes.length >= 10, `${classes.length} classes`);
  const codes = new Set(Object.keys(errors.toolErrors));
  for (const [name] of classes) {
    const code = new RegExp(`class ${name} extends \\w+ \\{[\\s\\S]*?super\\(\\s*"(CVC_\\w+)"`).exec(catalogue)?.[1];
    if (code) t.ok(codes.has(code), `${name}: ${code} is in the catalogue`);
    else
      t.match(catalogue, new RegExp(`abstract class ${name} `), `${name} is abstract (its subclasses give the code)`);
  }
});

t.test("every code of the catalogue is used, and means something", async (t) => {
  for (const [code, entry] of Object.entries(errors.toolErrors)) {
    t.ok(
      new RegExp(`super\\(\\s*"${code}"`).test(catalogue) || elsewhere.includes(`"${code}"`),
      `${code} is thrown by a class or by src/`,
    );
    t.ok(entry.meaning.length > 10, `${code} says what it means`);
    t.equal(entry.exitCode, 2, `${code} is unusable input: exit 2`);
  }
});

t.test("every error class but the base one is thrown somewhere in src/", async (t) => {
  for (const [name] of classes) {
    if (/^abstract /m.test(catalogue.split(`class ${name} `)[0]!.split("\n").at(-1) ?? "")) continue;
    t.match(elsewhere, new RegExp(`new ${name}\\(`), `${name} is thrown`);
  }
});

t.test("no command classifies an error by its message", async (t) => {
  // A driver's own error may have nothing else to go by (src/server/postgres-errors.ts reads pg's); a command
  // reads the tool's errors, which carry their class.
  const commands = sources(join(packageRoot, "src", "commands"))
    .concat(sources(join(packageRoot, "src", "cli")), [join(packageRoot, "src", "cli.ts")])
    .map((f) => readFileSync(f, "utf8"))
    .join("\n");
  t.notMatch(commands, /message\.startsWith\(/, "no error.message.startsWith(...)");
});

t.test("the command line prints a tool error as one line with its exit code, never a stack", async (t) => {
  const { io, output } = captureIo();
  const code = await main(["test", "--fixtures", join(t.testdirName, "missing.json"), "--list"], io);
  t.equal(code, 2);
  t.equal(output.err.trim().split("\n").length, 1, output.err);
  t.notMatch(output.err, /\n\s+at /);
});
