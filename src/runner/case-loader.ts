import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { createAjv } from "../contract/ajv.js";
import { errorByShape } from "../contract/errors.js";
import { packageRoot } from "../contract/paths.js";
import { isGroup, type ConformanceCase } from "../cases/case.js";
import { CaseError } from "../errors.js";
export { CaseError } from "../errors.js";

export const caseSchemaPath = join(packageRoot, "conformance", "case.schema.json");

let compiled:
  | Promise<
      (value: unknown) => { valid: boolean; errors: Array<{ instancePath: string; message?: string; params: object }> }
    >
  | undefined;

/** The case schema, compiled once per process. */
function caseValidator() {
  compiled ??= readFile(caseSchemaPath, "utf8").then((text) => {
    const validate = createAjv().compile(JSON.parse(text) as object);
    return (value: unknown) =>
      validate(value) ? { valid: true, errors: [] } : { valid: false, errors: validate.errors ?? [] };
  });
  return compiled;
}

/** Every `*.yaml` / `*.yml` file of a folder, in name order, parsed and checked; ids are unique across files. */
export async function loadCases(dir: string): Promise<ConformanceCase[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort();
  } catch (error) {
    throw new CaseError(
      dir,
      `cannot read the cases folder: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  if (names.length === 0) throw new CaseError(dir, "no case files (*.yaml) in the cases folder");
  const cases: ConformanceCase[] = [];
  const seen = new Map<string, ConformanceCase>();
  for (const name of names) {
    const file = join(dir, name);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      throw new CaseError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    for (const c of await parseCases(text, file)) {
      const before = seen.get(c.id);
      if (before)
        throw new CaseError(
          file,
          `case id '${c.id}' is also used at ${before.source.file}:${before.source.line}`,
          c.source.line,
        );
      seen.set(c.id, c);
      cases.push(c);
    }
  }
  return cases;
}

export async function parseCases(text: string, file: string): Promise<ConformanceCase[]> {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number | undefined) => (offset === undefined ? undefined : lines.linePos(offset).line);
  const firstError = doc.errors[0];
  if (firstError)
    throw new CaseError(file, `not valid YAML: ${firstError.message.split("\n")[0]}`, lineAt(firstError.pos[0]));
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  const nodeLine = (path: Array<string | number>): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as YamlNode | undefined;
      if (node && typeof node === "object" && "range" in node && node.range) return lineAt(node.range[0]);
    }
    return undefined;
  };
  const validate = await caseValidator();
  const outcome = validate(data);
  if (!outcome.valid) {
    // The deepest error is the most telling one for a reader (oneOf branches report at their parent too).
    const e = [...outcome.errors].sort((a, b) => b.instancePath.length - a.instancePath.length)[0]!;
    const path = e.instancePath.split("/").slice(1).map(unescapePointer);
    throw new CaseError(
      file,
      `${e.instancePath || "(file)"} ${e.message ?? "is invalid"} ${JSON.stringify(e.params)} (case schema v1)`,
      nodeLine(path),
    );
  }
  const raw = data as {
    cases: Array<
      Omit<ConformanceCase, "source" | "tags" | "numbers"> & { tags?: string[]; numbers?: ConformanceCase["numbers"] }
    >;
  };
  return raw.cases.map((c, index) => {
    const line = nodeLine(["cases", index]) ?? 1;
    const result: ConformanceCase = { ...c, tags: c.tags ?? [], numbers: c.numbers ?? {}, source: { file, line } };
    result.steps.forEach((step, s) => {
      const at = nodeLine(["cases", index, "steps", s]);
      const uses = (key: string | undefined) => {
        if (key !== undefined && !(key in result.numbers))
          throw new CaseError(
            file,
            `case '${c.id}' step ${s + 1} uses number '${key}', which 'numbers' does not describe`,
            at,
          );
      };
      const shapeFits = (shape: string | undefined, status: number) => {
        if (shape && errorByShape(shape)?.status !== status)
          throw new CaseError(
            file,
            `case '${c.id}' step ${s + 1} expects ${shape} with status ${status}, but that shape is a ${errorByShape(shape)?.status}`,
            at,
          );
      };
      if (isGroup(step)) {
        const requests = step.together ?? (step.burst ? [step.burst] : []);
        for (const r of requests) uses(r.number);
        uses(step.expect.after?.number);
        if (step.expect.after && result.numbers[step.expect.after.number]?.unknown)
          throw new CaseError(file, `case '${c.id}' step ${s + 1} reads an unknown number afterwards`, at);
        for (const [status, shape] of Object.entries(step.expect.errors ?? {})) shapeFits(shape, Number(status));
        const sum = Object.values(step.expect.statuses ?? {}).reduce((a, b) => a + b, 0);
        if (step.together && step.expect.statuses && sum !== step.together.length)
          throw new CaseError(
            file,
            `case '${c.id}' step ${s + 1} sends ${step.together.length} requests together but expects ${sum} answers`,
            at,
          );
        return;
      }
      const key = step.request.number;
      uses(key);
      if (
        key !== undefined &&
        result.numbers[key]?.unknown &&
        step.expect.readBack &&
        step.expect.readBack !== "none"
      ) {
        throw new CaseError(file, `case '${c.id}' step ${s + 1} reads back an unknown number`, at);
      }
      shapeFits(step.expect.error, step.expect.status);
    });
    return result;
  });
}

function unescapePointer(token: string): string | number {
  const text = token.replace(/~1/g, "/").replace(/~0/g, "~");
  return /^\d+$/.test(text) ? Number(text) : text;
}
