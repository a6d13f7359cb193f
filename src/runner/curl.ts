import type { SentRequest } from "./exchange.js";

const inlineBodyLimit = 4096;

function quote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/**
 * A shell command that sends the same request again. `--path-as-is` keeps the label's encoding;
 * a body too long to read in a report is rebuilt by the shell rather than pasted.
 */
export function curlCommand(request: SentRequest): string {
  const parts = ["curl", "-sS", "-i", "--path-as-is", "-X", request.method];
  if (request.method === "HEAD") parts.splice(1, 0, "-I");
  for (const [name, value] of Object.entries(request.headers)) parts.push("-H", quote(`${name}: ${value}`));
  if (request.body !== undefined) {
    if (request.body.length <= inlineBodyLimit) parts.push("--data-binary", quote(request.body));
    else parts.push("--data-binary", `"$(node -e ${quote(`process.stdout.write(${compress(request.body)})`)})"`);
  }
  parts.push(quote(request.url));
  return parts.join(" ");
}

/** A JS expression rebuilding a long body from its runs of one repeated character. */
function compress(body: string): string {
  const parts: string[] = [];
  let literal = "";
  let i = 0;
  while (i < body.length) {
    let j = i + 1;
    while (j < body.length && body[j] === body[i]) j++;
    if (j - i > 16) {
      if (literal) parts.push(JSON.stringify(literal));
      literal = "";
      parts.push(`${JSON.stringify(body[i])}.repeat(${j - i})`);
    } else literal += body.slice(i, j);
    i = j;
  }
  if (literal) parts.push(JSON.stringify(literal));
  return parts.join("+");
}
