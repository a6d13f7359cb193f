// The longest functions of a tree, counted from the TypeScript AST: a function's lines from its first to its
// last, less the lines of the functions nested in it (each of those is counted on its own). Arrow functions and
// function expressions count as functions; a class body does not.
//
//   npx tsx scripts/function-lengths.ts [DIR=src] [--top 10] [--over 80] [--with-nested]
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

export interface FunctionLength {
  file: string;
  name: string;
  line: number;
  lines: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return filesUnder(path);
    return /\.ts$/.test(entry) && !entry.endsWith(".d.ts") ? [path] : [];
  });
}

function nameOf(node: ts.Node, source: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText(source);
  if (parent && ts.isPropertyDeclaration(parent)) return parent.name.getText(source);
  return "(anonymous)";
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node)
  );
}

/** Every function of one file with its own lines (nested functions' lines left out). */
export function functionLengths(file: string, text = readFileSync(file, "utf8"), withNested = false): FunctionLength[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: FunctionLength[] = [];
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  // Returns the lines the node spans that belong to functions, so that a parent can subtract them.
  const visit = (node: ts.Node): number => {
    let nested = 0;
    node.forEachChild((child) => {
      nested += visit(child);
    });
    if (!isFunction(node) || !node.body) return nested;
    const span = lineOf(node.getEnd()) - lineOf(node.getStart(source)) + 1;
    out.push({
      file,
      name: nameOf(node, source),
      line: lineOf(node.getStart(source)) + 1,
      lines: withNested ? span : span - nested,
    });
    return span;
  };
  visit(source);
  return out;
}

export function longestFunctions(dir: string, withNested = false): FunctionLength[] {
  return filesUnder(dir)
    .flatMap((f) => functionLengths(f, undefined, withNested))
    .sort((a, b) => b.lines - a.lines);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const flag = (name: string, fallback: number) => {
    const i = args.indexOf(name);
    return i === -1 ? fallback : Number(args[i + 1]);
  };
  const dir = args.find((a, i) => !a.startsWith("--") && !args[i - 1]?.startsWith("--")) ?? "src";
  // --with-nested: a function's whole span, nested functions included (the other common way to count).
  const all = longestFunctions(dir, args.includes("--with-nested"));
  const over = flag("--over", 80);
  for (const f of all.slice(0, flag("--top", 10)))
    console.log(`${String(f.lines).padStart(4)}  ${relative(process.cwd(), f.file)}:${f.line}  ${f.name}`);
  console.log(
    `${all.length} functions; ${all.filter((f) => f.lines > over).length} over ${over} lines; ${all.filter((f) => f.lines > 120).length} over 120`,
  );
}
