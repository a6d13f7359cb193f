// The catalogue of the tool's own errors, checked against itself (as fastify checks lib/errors.js): each code
// has exactly one class, each class is in the catalogue with its exit code and meaning, and each is thrown
// somewhere in src/, so the catalogue lists no cause the tool cannot have.
import t from "tap";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import * as errors from "../src/errors.js";
import { errorCatalogue, ToolError, type ErrorCode } from "../src/errors.js";
import { packageRoot } from "../src/contract/index.js";

const classes = (Object.entries(errors) as Array<[string, unknown]>).filter(
  (entry): entry is [string, new (message: string) => ToolError] =>
    typeof entry[1] === "function" && entry[1].prototype instanceof ToolError,
);
const codes = Object.keys(errorCatalogue) as ErrorCode[];

t.test("every error class has a code of the catalogue, and no two classes share one", async (t) => {
  const byCode = new Map<string, string[]>();
  for (const [name, ErrorClass] of classes) {
    const error = new ErrorClass("a message");
    t.ok(codes.includes(error.code), `${name}: ${error.code} is in the catalogue`);
    t.equal(error.name, name, `${name}: named after its class`);
    t.equal(error.message, "a message", `${name}: keeps its message`);
    t.equal(error.exitCode, errorCatalogue[error.code].exitCode, `${name}: the catalogue's exit code`);
    t.ok(error instanceof Error, `${name}: an Error`);
    byCode.set(error.code, [...(byCode.get(error.code) ?? []), name]);
  }
  for (const code of codes) t.same(byCode.get(code)?.length, 1, `${code}: exactly one class (${byCode.get(code)})`);
});

t.test("every entry: a CVC_ code, an exit code the commands use, and a one-line meaning", async (t) => {
  for (const code of codes) {
    const { exitCode, meaning } = errorCatalogue[code];
    t.match(code, /^CVC_[A-Z]+(_[A-Z]+)*$/, `${code}: named CVC_...`);
    t.ok([1, 2].includes(exitCode), `${code}: exit ${exitCode} is a finding (1) or unusable input (2)`);
    t.ok(meaning.length > 20 && !meaning.includes("\n"), `${code}: its meaning is one line`);
  }
});

t.test("every class is thrown somewhere in src/", async (t) => {
  const root = join(packageRoot, "src");
  const files = (await readdir(root, { recursive: true })).filter((f) => f.endsWith(".ts") && f !== "errors.ts");
  const sources = await Promise.all(files.map((f) => readFile(join(root, f), "utf8")));
  for (const [name] of classes) {
    const users = files.filter((_, i) => sources[i]!.includes(`new ${name}(`));
    t.ok(users.length > 0, `${name} is thrown (by ${users.join(", ") || "nothing"})`);
  }
});
