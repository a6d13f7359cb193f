import { compareBody } from "./body-compare.js";
import { difference, type Difference } from "./difference.js";
import { compareParameter } from "./parameter-compare.js";
import { memberSlot, uriLabelName, type Slot } from "./slot.js";
import { hasTrait, shortId, trait, type SmithyMember, type SmithyShape } from "./smithy.js";
import { keyword, type SpecNode } from "./spec-schema.js";
import { parameters, type SpecOperation } from "./spec-operations.js";
import type { Walk } from "./walk.js";

/** An operation's input as the comparison of its members meets it. */
interface Input {
  walk: Walk;
  spec: SpecOperation;
  params: { name: string; in: string; node: SpecNode }[];
  modelLabels: string[];
  specLabels: string[];
  /** `in name` of every parameter a member was bound to. */
  used: Set<string>;
}

/** One member of the input, where it is. */
interface BoundMember {
  name: string;
  member: SmithyMember;
  slot: Slot;
  at: string;
}

/** The input's URI labels, headers and query parameters against the document's parameters, then its JSON body. */
export function compareInput(
  walk: Walk,
  operation: string,
  inputId: string,
  input: SmithyShape,
  spec: SpecOperation,
  uri: string,
): Difference[] {
  const params = parameters(walk.document, spec);
  const context: Input = {
    walk,
    spec,
    params,
    modelLabels: labelNames(uri),
    specLabels: labelNames(spec.path),
    used: new Set(),
  };
  const found = Object.entries(input.members ?? {}).flatMap(([name, member]) =>
    bindingDifferences(context, {
      name,
      member,
      slot: memberSlot(inputId, name, member),
      at: `${operation} input.${name}`,
    }),
  );
  return [
    ...found,
    ...parametersNotInModel(context, `${operation} input`, inputId),
    ...compareBody(walk, `${operation} input`, inputId, input, `${spec.pointer}/requestBody`),
  ];
}

/** `/a/{Id}/{Key+}?x=y` -> `["Id", "Key"]`. */
export function labelNames(uri: string): string[] {
  return [...(uri.split("?")[0] ?? "").matchAll(/\{([^}+]*)\+?\}/g)].map((m) => m[1]!);
}

function bindingDifferences(context: Input, m: BoundMember): Difference[] {
  if (hasTrait(m.member.traits, "httpLabel")) return labelDifferences(context, m);
  const header = trait<string>(m.member.traits, "httpHeader");
  if (header !== undefined) return parameterDifferences(context, m, "header", header);
  const query = trait<string>(m.member.traits, "httpQuery");
  if (query !== undefined) return parameterDifferences(context, m, "query", query);
  return ["httpPrefixHeaders", "httpQueryParams"]
    .filter((binding) => hasTrait(m.member.traits, binding))
    .map((binding) =>
      notInSpec(
        context,
        m,
        "binding-not-in-spec",
        binding,
        `the model binds ${m.name} with ${binding}, the document does not`,
      ),
    );
}

/** A label is matched to the path parameter at its position in the URI; its name is compared on its own. */
function labelDifferences(context: Input, m: BoundMember): Difference[] {
  const label = uriLabelName(m.name, m.member);
  const specName = context.specLabels[context.modelLabels.indexOf(label)];
  const param = context.params.find((p) => p.in === "path" && p.name === specName);
  if (!param) {
    const message = `the model binds ${m.name} to the URI, the document has no such path parameter`;
    return [notInSpec(context, m, "label-missing", m.name, message)];
  }
  context.used.add(`path ${param.name}`);
  const found: Difference[] = [];
  if (param.name !== label) {
    const pointer = keyword(param.node, "name")!.pointer;
    const message = `model {${label}}, spec {${param.name}}`;
    found.push(
      difference({ kind: "label-name", shape: m.slot.id, pointer, model: label, spec: param.name, at: m.at, message }),
    );
  }
  return [...found, ...compareParameter(context.walk, m.at, m.slot, param.node)];
}

function parameterDifferences(context: Input, m: BoundMember, where: "header" | "query", wire: string): Difference[] {
  // Header names are case-insensitive on the wire; query names are not.
  const same = (name: string) => (where === "header" ? name.toLowerCase() === wire.toLowerCase() : name === wire);
  const param = context.params.find((p) => p.in === where && same(p.name));
  if (!param) {
    const message = `the model binds ${m.name} to ${where} "${wire}", the document has no such parameter`;
    return [notInSpec(context, m, "binding-not-in-spec", `${where} ${wire}`, message)];
  }
  context.used.add(`${param.in} ${param.name}`);
  return compareParameter(context.walk, m.at, m.slot, param.node);
}

/** A binding of the model the document's parameters lack. */
function notInSpec(
  context: Input,
  m: BoundMember,
  kind: "label-missing" | "binding-not-in-spec",
  model: string,
  message: string,
): Difference {
  return difference({
    kind,
    shape: m.slot.id,
    pointer: `${context.spec.pointer}/parameters`,
    model,
    spec: null,
    at: m.at,
    message,
  });
}

/** Parameters of the document that no member of the input is bound to (cookies are not HTTP bindings of Smithy). */
function parametersNotInModel(context: Input, at: string, inputId: string): Difference[] {
  return context.params
    .filter((p) => !context.used.has(`${p.in} ${p.name}`) && p.in !== "cookie")
    .map((p) =>
      difference({
        kind: "binding-not-in-model",
        shape: inputId,
        pointer: p.node.layers[0]!.pointer,
        model: null,
        spec: `${p.in} ${p.name}`,
        at,
        message: `the document has ${p.in} parameter "${p.name}", the model's ${shortId(inputId)} does not`,
      }),
    );
}
