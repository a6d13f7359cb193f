import { pointerOf } from "../contract/document.js";
import { compareBody } from "./body-compare.js";
import { difference, type Difference } from "./difference.js";
import { compareParameter } from "./parameter-compare.js";
import { memberSlot, type Slot } from "./slot.js";
import { shortId, trait, type SmithyShape } from "./smithy.js";
import { keyword, pointerToken, specNode, wouldBe } from "./spec-schema.js";
import type { SpecOperation } from "./spec-operations.js";
import type { Walk } from "./walk.js";

/** Headers every restJson1 answer carries, which the model does not declare as members. */
const protocolHeaders = new Set(["x-amzn-requestid", "x-amzn-errortype"]);

/** The success response's headers as the comparison meets them. */
interface ResponseHeaders {
  walk: Walk;
  /** Where the response's `headers` are, or would be. */
  wouldBe: string;
  headers?: { value: unknown; pointer: string };
  /** Lower-cased name -> the name as written; what the members leave here is the document's alone. */
  unmatched: Map<string, string>;
}

/** The output's header members against the success response's headers, then its JSON body. */
export function compareOutput(
  walk: Walk,
  operation: string,
  outputId: string,
  output: SmithyShape,
  spec: SpecOperation,
  status: string,
): Difference[] {
  const responsePointer = pointerOf(["paths", spec.path, spec.method, "responses", status]);
  const response = specNode(walk.document, responsePointer);
  const headers = response && keyword(response, "headers");
  const names = Object.keys((headers?.value ?? {}) as object);
  const context: ResponseHeaders = {
    walk,
    wouldBe: response ? wouldBe(response, "headers") : responsePointer,
    ...(headers ? { headers } : {}),
    unmatched: new Map(names.map((h) => [h.toLowerCase(), h])),
  };
  const found = Object.entries(output.members ?? {}).flatMap(([name, member]) => {
    const header = trait<string>(member.traits, "httpHeader");
    if (header === undefined) return [];
    const slot = memberSlot(outputId, name, member);
    return headerDifferences(context, { name, slot, at: `${operation} output.${name}` }, header);
  });
  return [
    ...found,
    ...headersNotInModel(context, outputId, `${operation} output`),
    ...compareBody(walk, `${operation} output`, outputId, output, responsePointer),
  ];
}

function headerDifferences(
  context: ResponseHeaders,
  { name, slot, at }: { name: string; slot: Slot; at: string },
  header: string,
): Difference[] {
  const written = context.unmatched.get(header.toLowerCase());
  context.unmatched.delete(header.toLowerCase());
  const pointer = context.headers && written !== undefined ? `${context.headers.pointer}${pointerToken(written)}` : "";
  const node = pointer ? specNode(context.walk.document, pointer) : undefined;
  if (node) return compareParameter(context.walk, at, slot, node);
  const message = `the model answers ${name} in header "${header}", the document does not`;
  const model = `header ${header}`;
  return [
    difference({
      kind: "binding-not-in-spec",
      shape: slot.id,
      pointer: context.wouldBe,
      model,
      spec: null,
      at,
      message,
    }),
  ];
}

/** Headers the document answers that no member of the output is bound to (the protocol's own aside). */
function headersNotInModel(context: ResponseHeaders, outputId: string, at: string): Difference[] {
  return [...context.unmatched]
    .filter(([lower]) => !protocolHeaders.has(lower))
    .map(([, written]) =>
      difference({
        kind: "binding-not-in-model",
        shape: outputId,
        pointer: `${context.headers!.pointer}${pointerToken(written)}`,
        model: null,
        spec: `header ${written}`,
        at,
        message: `the document answers header "${written}", the model's ${shortId(outputId)} does not`,
      }),
    );
}
