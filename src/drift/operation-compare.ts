import { pointerOf } from "../contract/document.js";
import { compareValue, isBodyMember } from "./shape-compare.js";
import { hasTrait, shapeOf, shortId, trait, type SmithyMember, type SmithyShape } from "./smithy.js";
import { child, keyword, specNode, wouldBe } from "./spec-schema.js";
import { jsonSchemaOf, parameters, type SpecOperation } from "./spec-operations.js";
import { report, type Walk } from "./walk.js";

interface HttpTrait {
  method?: string;
  uri?: string;
  code?: number;
}

/** Headers every restJson1 answer carries, which the model does not declare as members. */
const protocolHeaders = new Set(["x-amzn-requestid", "x-amzn-errortype"]);

/** The HTTP binding (method, URI, success code), the label, header and query bindings, and both bodies. */
export function compareOperation(walk: Walk, opId: string, op: SmithyShape, spec: SpecOperation): void {
  const name = spec.operationId;
  const http = (trait<HttpTrait>(op.traits, "http") ?? {}) as HttpTrait;
  const method = spec.method.toUpperCase();
  if ((http.method ?? "").toUpperCase() !== method)
    report(walk, name, "http-method", opId, spec.pointer, http.method ?? null, method);
  const uri = http.uri ?? "";
  if (normalizeUri(uri) !== normalizeUri(spec.path))
    report(walk, name, "http-uri", opId, spec.pathPointer, uri, spec.path, `http-uri: model ${uri}, spec ${spec.path}`);
  const code = http.code ?? 200;
  const responses = (specNode(walk.document, `${spec.pointer}/responses`)?.layers[0]?.value ?? {}) as Record<
    string,
    unknown
  >;
  const successes = Object.keys(responses).filter((status) => /^2(\d\d|XX)$/.test(status));
  if (successes.length !== 1 || successes[0] !== String(code))
    report(
      walk,
      name,
      "http-code",
      opId,
      `${spec.pointer}/responses`,
      code,
      successes.map(Number),
      `http-code: model ${code}, spec ${successes.join(", ") || "none"}`,
    );

  // An operation without input or output has the prelude's empty `Unit` there.
  const inputId = op.input?.target ?? "smithy.api#Unit";
  const input = shapeOf(walk.model, inputId);
  if (input) compareInput(walk, name, inputId, input, spec, uri);
  else
    report(
      walk,
      name,
      "body",
      opId,
      `${spec.pointer}/requestBody`,
      inputId,
      null,
      `body: the model's input ${inputId} is not defined in the model`,
    );
  const outputId = op.output?.target ?? "smithy.api#Unit";
  const output = shapeOf(walk.model, outputId);
  if (output) compareOutput(walk, name, outputId, output, spec, successes[0] ?? String(code));
  else
    report(
      walk,
      name,
      "body",
      opId,
      `${spec.pointer}/responses`,
      outputId,
      null,
      `body: the model's output ${outputId} is not defined in the model`,
    );
}

/** `/a/{Id}?x=y` -> `/a/{}?x=y`: label names are compared on their own, by position. */
function normalizeUri(uri: string): string {
  return uri.replace(/\{[^}]*\}/g, "{}");
}

function labelNames(uri: string): string[] {
  return [...(uri.split("?")[0] ?? "").matchAll(/\{([^}+]*)\+?\}/g)].map((m) => m[1]!);
}

function compareInput(
  walk: Walk,
  name: string,
  inputId: string,
  input: SmithyShape,
  spec: SpecOperation,
  uri: string,
): void {
  const members = Object.entries(input.members ?? {});
  const params = parameters(walk.document, spec);
  const modelLabels = labelNames(uri);
  const specLabels = labelNames(spec.path);
  const usedParams = new Set<string>();

  for (const [memberName, member] of members) {
    const memberId = `${inputId}$${memberName}`;
    const at = `${name} input.${memberName}`;
    if (hasTrait(member.traits, "httpLabel")) {
      const position = modelLabels.indexOf(memberName);
      const specName = specLabels[position];
      const param = specName === undefined ? undefined : params.find((p) => p.in === "path" && p.name === specName);
      if (!param) {
        report(
          walk,
          at,
          "label-missing",
          memberId,
          `${spec.pointer}/parameters`,
          memberName,
          null,
          `label-missing: the model binds ${memberName} to the URI, the document has no such path parameter`,
        );
        continue;
      }
      usedParams.add(`path ${param.name}`);
      if (param.name !== memberName)
        report(
          walk,
          at,
          "label-name",
          memberId,
          keyword(param.node, "name")!.pointer,
          memberName,
          param.name,
          `label-name: model {${memberName}}, spec {${param.name}}`,
        );
      compareParameter(walk, at, memberId, member, param.node);
      continue;
    }
    const header = trait<string>(member.traits, "httpHeader");
    const query = trait<string>(member.traits, "httpQuery");
    if (header !== undefined || query !== undefined) {
      const where = header !== undefined ? "header" : "query";
      const wire = (header ?? query)!;
      const param = params.find(
        (p) => p.in === where && (where === "header" ? p.name.toLowerCase() === wire.toLowerCase() : p.name === wire),
      );
      if (!param) {
        report(
          walk,
          at,
          "binding-not-in-spec",
          memberId,
          `${spec.pointer}/parameters`,
          `${where} ${wire}`,
          null,
          `binding-not-in-spec: the model binds ${memberName} to ${where} "${wire}", the document has no such parameter`,
        );
        continue;
      }
      usedParams.add(`${param.in} ${param.name}`);
      compareParameter(walk, at, memberId, member, param.node);
      continue;
    }
    for (const other of ["httpPrefixHeaders", "httpQueryParams"]) {
      if (hasTrait(member.traits, other))
        report(
          walk,
          at,
          "binding-not-in-spec",
          memberId,
          `${spec.pointer}/parameters`,
          other,
          null,
          `binding-not-in-spec: the model binds ${memberName} with ${other}, the document does not`,
        );
    }
  }
  for (const param of params) {
    if (usedParams.has(`${param.in} ${param.name}`) || param.in === "cookie") continue;
    report(
      walk,
      `${name} input`,
      "binding-not-in-model",
      inputId,
      param.node.layers[0]!.pointer,
      null,
      `${param.in} ${param.name}`,
      `binding-not-in-model: the document has ${param.in} parameter "${param.name}", the model's ${shortId(inputId)} does not`,
    );
  }
  compareBody(walk, `${name} input`, inputId, input, `${spec.pointer}/requestBody`);
}

function compareOutput(
  walk: Walk,
  name: string,
  outputId: string,
  output: SmithyShape,
  spec: SpecOperation,
  status: string,
): void {
  const responsePointer = pointerOf(["paths", spec.path, spec.method, "responses", status]);
  const response = specNode(walk.document, responsePointer);
  const headers = response && keyword(response, "headers");
  const headerNames = new Map(Object.keys((headers?.value ?? {}) as object).map((h) => [h.toLowerCase(), h]));
  for (const [memberName, member] of Object.entries(output.members ?? {})) {
    const header = trait<string>(member.traits, "httpHeader");
    if (header === undefined) continue;
    const memberId = `${outputId}$${memberName}`;
    const specName = headerNames.get(header.toLowerCase());
    headerNames.delete(header.toLowerCase());
    const headerNode =
      headers && specName !== undefined
        ? specNode(walk.document, `${headers.pointer}/${specName.replace(/~/g, "~0").replace(/\//g, "~1")}`)
        : undefined;
    if (!headerNode) {
      report(
        walk,
        `${name} output.${memberName}`,
        "binding-not-in-spec",
        memberId,
        response ? wouldBe(response, "headers") : responsePointer,
        `header ${header}`,
        null,
        `binding-not-in-spec: the model answers ${memberName} in header "${header}", the document does not`,
      );
      continue;
    }
    compareParameter(walk, `${name} output.${memberName}`, memberId, member, headerNode);
  }
  for (const [lower, specName] of headerNames) {
    if (protocolHeaders.has(lower)) continue;
    report(
      walk,
      `${name} output`,
      "binding-not-in-model",
      outputId,
      `${headers!.pointer}/${specName}`,
      null,
      `header ${specName}`,
      `binding-not-in-model: the document answers header "${specName}", the model's ${shortId(outputId)} does not`,
    );
  }
  compareBody(walk, `${name} output`, outputId, output, responsePointer);
}

/** A label, header or query member against its parameter: `required`, then the value against its schema. */
function compareParameter(
  walk: Walk,
  at: string,
  memberId: string,
  member: SmithyMember,
  param: ReturnType<typeof specNode> & object,
): void {
  const modelRequired = hasTrait(member.traits, "required");
  const required = keyword(param, "required");
  if (modelRequired !== (required?.value === true))
    report(
      walk,
      at,
      "required",
      memberId,
      required?.pointer ?? wouldBe(param, "required"),
      modelRequired,
      required?.value === true,
    );
  const schema = child(walk.document, param, "schema");
  if (schema) compareValue(walk, at, { id: memberId, target: member.target, traits: member.traits }, schema);
  else
    report(
      walk,
      at,
      "type",
      memberId,
      wouldBe(param, "schema"),
      shortId(member.target),
      null,
      `type: the document gives the parameter no schema`,
    );
}

/** The JSON body: the `httpPayload` member's target if there is one, else every member not bound elsewhere. */
export function compareBody(walk: Walk, at: string, shapeId: string, shape: SmithyShape, holderPointer: string): void {
  const members = Object.entries(shape.members ?? {});
  const payload = members.find(([, m]) => hasTrait(m.traits, "httpPayload"));
  const bodyMembers = members.filter(([, m]) => isBodyMember(m.traits));
  const schema = jsonSchemaOf(walk.document, holderPointer);
  const modelHasBody = payload !== undefined || bodyMembers.length > 0;
  if (!schema) {
    if (modelHasBody)
      report(
        walk,
        at,
        "body",
        shapeId,
        holderPointer,
        payload ? `payload ${payload[0]}` : bodyMembers.map(([n]) => n),
        null,
        `body: the model has a JSON body (${payload ? payload[0] : bodyMembers.map(([n]) => n).join(", ")}), the document has no application/json schema here`,
      );
    return;
  }
  if (payload) {
    compareValue(
      walk,
      `${at}.${payload[0]}`,
      { id: `${shapeId}$${payload[0]}`, target: payload[1].target, traits: payload[1].traits },
      schema,
    );
    return;
  }
  if (!modelHasBody && holderPointer.endsWith("/requestBody")) {
    report(
      walk,
      at,
      "body",
      shapeId,
      holderPointer,
      null,
      "application/json",
      `body: the document describes a request body, the model's ${shortId(shapeId)} binds no member to it`,
    );
    return;
  }
  compareValue(walk, at, { id: shapeId, target: shapeId }, schema, true);
}
