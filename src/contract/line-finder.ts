import { createRequire } from "node:module";
import type { Document as YamlDocument, LineCounter, Node as YamlNode } from "yaml";

// Lines are only wanted for messages; the YAML parser is loaded on the first question, synchronously
// (the yaml package ships CommonJS), so that a start-up that never asks never loads it.
const require = createRequire(import.meta.url);

/**
 * `lineOf(pointer)` for a YAML or JSON text: the 1-based line of the node at that JSON pointer, following local
 * `$ref`s. `parsed`: the text's parse with its line counter, when the caller has one already.
 */
export function lineFinder(
  text: string,
  parsed?: { yaml: YamlDocument; counter: LineCounter },
): (pointer: string) => number | undefined {
  return (pointer) => {
    if (!parsed) {
      const { LineCounter: Counter, parseDocument } = require("yaml") as typeof import("yaml");
      const counter = new Counter();
      parsed = { yaml: parseDocument(text, { lineCounter: counter, prettyErrors: false }), counter };
    }
    const offset = nodeAt(parsed.yaml, pointer)?.range?.[0];
    return offset === undefined ? undefined : parsed.counter.linePos(offset).line;
  };
}

function nodeAt(yaml: YamlDocument, pointer: string): YamlNode | undefined {
  const { isMap, isSeq } = require("yaml") as typeof import("yaml");
  const tokens =
    pointer === ""
      ? []
      : pointer
          .slice(1)
          .split("/")
          .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
  let node: YamlNode | null | undefined = yaml.contents as YamlNode | null;
  for (const token of tokens) {
    // Follow a local $ref, so that a pointer through a referenced object still finds its line.
    const ref = isMap(node) && !node.has(token) ? node.get("$ref") : undefined;
    if (typeof ref === "string" && ref.startsWith("#/")) {
      const target = nodeAt(yaml, ref.slice(1));
      if (target) node = target;
    }
    if (isMap(node)) node = node.get(token, true) as YamlNode | undefined;
    else if (isSeq(node)) node = node.get(Number(token), true) as YamlNode | undefined;
    else return undefined;
  }
  return node ?? undefined;
}
