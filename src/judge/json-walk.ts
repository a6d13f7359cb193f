/** A container being walked: its pointer, its keys (none for an array), and the next member to visit. */
interface Frame {
  pointer: string;
  value: object;
  keys: string[] | undefined;
  next: number;
}

function frame(value: object, pointer: string): Frame {
  return { pointer, value, keys: Array.isArray(value) ? undefined : Object.keys(value), next: 0 };
}

/**
 * Visits every value of a parsed JSON value in document order, with a stack of frames of its own rather than by
 * recursion, so that a target's answer of any depth is walked in bounded stack; one frame per container, nothing
 * per scalar, so that an answer of any width is walked without garbage. `visit` gets each value with its parent's
 * JSON pointer (`rootPointer` for the root's members) and its key (an index in an array; undefined for the root), so that a pointer is built only for
 * what a check reports; it returns false to leave a container unwalked.
 */
export function walkJson(
  root: unknown,
  visit: (value: unknown, parent: string, key: string | number | undefined) => boolean | undefined,
  rootPointer = "",
): void {
  if (visit(root, rootPointer, undefined) === false || root === null || typeof root !== "object") return;
  const frames = [frame(root, rootPointer)];
  while (frames.length) {
    const top = frames[frames.length - 1]!;
    const length = top.keys ? top.keys.length : (top.value as unknown[]).length;
    if (top.next >= length) {
      frames.pop();
      continue;
    }
    const i = top.next++;
    const key = top.keys ? top.keys[i]! : i;
    const value = (top.value as Record<string | number, unknown>)[key];
    if (visit(value, top.pointer, key) !== false && value !== null && typeof value === "object")
      frames.push(frame(value, pointerOf(top.pointer, key)));
  }
}

/** The JSON pointer (RFC 6901: `~` as `~0`, `/` as `~1`) of a value `walkJson` visited. */
export function pointerOf(parent: string, key: string | number | undefined): string {
  if (key === undefined) return parent;
  return typeof key === "number" ? `${parent}/${key}` : `${parent}/${key.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}
