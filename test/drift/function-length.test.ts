// The drift comparison stays readable in one sitting: no function in src/drift/ longer than 60 lines, measured on
// the TypeScript AST from the function's first token to its last (a nested function is measured on its own too).
import t from "tap";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { packageRoot } from "../../src/contract/index.js";

const folder = join(packageRoot, "src", "drift");
const limit = 60;

interface Measured {
  where: string;
  lines: number;
}

function functionsOf(file: string): Measured[] {
  const text = readFileSync(join(folder, file), "utf8");
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Measured[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body !== undefined) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : "(anonymous)";
      found.push({ where: `${file}:${first + 1} ${name}`, lines: last - first + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

const all = readdirSync(folder, { recursive: true, encoding: "utf8" })
  .filter((f) => f.endsWith(".ts"))
  .flatMap(functionsOf);

t.test("the measure sees the functions of src/drift/", async (t) => {
  t.ok(all.length > 30, `${all.length} functions`);
  t.ok(
    all.some((f) => f.where.includes(" runDrift")),
    "runDrift is among them",
  );
});

t.test(`no function in src/drift/ is over ${limit} lines`, async (t) => {
  const longest = [...all].sort((a, b) => b.lines - a.lines);
  t.comment(
    `longest: ${longest
      .slice(0, 5)
      .map((f) => `${f.where} (${f.lines})`)
      .join(", ")}`,
  );
  t.same(
    longest.filter((f) => f.lines > limit),
    [],
  );
});
