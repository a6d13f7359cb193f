import { entryName, type AllowEntry } from "./allowlist.js";
import type { DriftResult } from "./drift.js";

/** The model compared, one line per unexplained difference and per stale entry, then one summary line. */
export function humanReport(result: DriftResult): string {
  const lines = [`model: ${describeModel(result)}`];
  for (const d of result.differences) {
    if (d.explainedBy) continue;
    const pinned = d.pinnedBy
      ? ` (since allowlist entry ${d.pinnedBy.entry.index}: ${d.pinnedBy.changes.join("; ")})`
      : "";
    lines.push(`unexplained ${d.kind}: ${d.shape} ${d.pointer || "(error table)"}: ${d.message}${pinned} [${d.at}]`);
  }
  for (const e of result.stale)
    lines.push(
      `stale allowlist entry ${e.index}: ${entryName(e)}: matches no difference (${e.reason.trim().split("\n")[0]})`,
    );
  const explained = result.differences.length - result.unexplained;
  const verdict = result.unexplained === 0 && result.stale.length === 0 ? "no unexplained drift" : "drift";
  lines.push(
    `${verdict}: ${result.operations.join(", ")}: ${result.differences.length} difference(s), ${explained} explained by ${result.allow}, ${result.unexplained} unexplained, ${result.stale.length} stale allowlist entr${result.stale.length === 1 ? "y" : "ies"}`,
  );
  return `${lines.join("\n")}\n`;
}

/** `FILE (Smithy 2.0)`, or `FILE (botocore 1.43.11, API 2022-08-03)`. */
function describeModel(result: DriftResult): string {
  if (result.source === "smithy") return `${result.model} (Smithy ${result.modelVersion})`;
  return `${result.model} (botocore${result.botocore ? ` ${result.botocore}` : ""}, API ${result.modelVersion})`;
}

/**
 * The JSON reporter's structure:
 * `{ ok, model, source, modelVersion, botocore?, spec, allowlist, operations,
 *    summary: {differences, explained, unexplained, stale},
 *    differences: [{ id, kind, shape, pointer, model, spec, message, at, explained, rule?, reason?,
 *                    pinnedBy?: { entry, changes } }],
 *    stale: [{ entry, id, kind?, shape?, pointer?, source?, reason }] }`.
 * `source` is `smithy` or `botocore`; allowlist entries for the other source are neither applied nor stale.
 * `pinnedBy` names, for an unexplained difference, the entry about it whose pinned values no longer hold.
 */
export function jsonReport(result: DriftResult): string {
  const stale = (e: AllowEntry) => ({
    entry: e.index,
    id: entryName(e),
    kind: e.kind,
    shape: e.shape,
    pointer: e.pointer,
    source: e.source,
    reason: e.reason,
  });
  const body = {
    ok: result.unexplained === 0 && result.stale.length === 0,
    model: result.model,
    source: result.source,
    modelVersion: result.modelVersion,
    ...(result.botocore ? { botocore: result.botocore } : {}),
    spec: result.spec,
    allowlist: result.allow,
    operations: result.operations,
    summary: {
      differences: result.differences.length,
      explained: result.differences.length - result.unexplained,
      unexplained: result.unexplained,
      stale: result.stale.length,
    },
    differences: result.differences.map((d) => ({
      id: d.id,
      kind: d.kind,
      shape: d.shape,
      pointer: d.pointer,
      model: d.model ?? null,
      spec: d.spec ?? null,
      message: d.message,
      at: d.at,
      explained: d.explainedBy !== undefined,
      ...(d.explainedBy ? { rule: d.explainedBy.rule, reason: d.explainedBy.reason } : {}),
      ...(d.pinnedBy ? { pinnedBy: { entry: d.pinnedBy.entry.index, changes: d.pinnedBy.changes } } : {}),
    })),
    stale: result.stale.map(stale),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
