// The examples of README.md and docs/*.md as data: each fenced block with the comment before it that says
// what the tests do with it, and the shell lines of a block as a shell reads them. Reading only: running
// the blocks is doc-runner.ts's, asserting is readme-commands.e2e.ts's.
//
// A shell block (```sh, bash, shell, console) must follow one of these comments (clauses after `;`):
//   <!-- run: loopback -->                              run as written, everything on 127.0.0.1
//   <!-- run: with serve FLAGS... [as NAME] -->         the same, with `serve FLAGS...` started before the
//                                                       block and stopped after (its URL in $NAME if named)
//   <!-- run: parse-only (WHY) -->                      needs AWS, PostgreSQL or the network: only parsed
//   further clauses: `exit N` (default 0), `prints "TEXT"` (repeatable), `in the clone` (the block runs
//   in the package's own folder instead of a fresh one)
// Any block may follow `<!-- file: PATH -->`: its text is written to PATH in the page's working folder
// when the tests reach it, so that later blocks of the page can use it.

export interface Server {
  /** `serve` or `proxy`, then its flags. */
  words: string[];
  /** The environment variable that carries its URL into the block. */
  as?: string;
}

export type Marker =
  | { kind: "parse-only"; reason: string }
  | { kind: "run"; server?: Server; exit: number; prints: string[]; inClone: boolean };

export type Block =
  | { type: "shell"; file: string; line: number; text: string; marker: Marker | { kind: "invalid"; message: string } }
  | { type: "file"; file: string; line: number; text: string; path: string };

const shellLanguages = new Set(["sh", "bash", "shell", "console", "zsh"]);
const comment = /^\s*<!--\s*(run|file):\s*([\s\S]*?)\s*-->\s*$/;

/** Every block of a Markdown page that the tests act on, in page order (other fenced blocks are left out). */
export function blocksOf(file: string, markdown: string): Block[] {
  const lines = markdown.split("\n");
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!.slice(indent));
    const text = `${body.join("\n")}\n`;
    let before = start - 1;
    while (before >= 0 && lines[before]!.trim() === "") before--;
    const note = before >= 0 ? comment.exec(lines[before]!) : null;
    const line = start + 1;
    if (note?.[1] === "file") blocks.push({ type: "file", file, line, text, path: note[2]! });
    else if (shellLanguages.has(open[2]!)) {
      const marker = note
        ? parseMarker(note[2]!)
        : { kind: "invalid" as const, message: "no <!-- run: ... --> comment before the block" };
      blocks.push({ type: "shell", file, line, text, marker });
    } else if (note)
      blocks.push({
        type: "shell",
        file,
        line,
        text,
        marker: { kind: "invalid", message: `a run comment before a '${open[2]}' block, which is not shell` },
      });
  }
  return blocks;
}

/** The text of a `<!-- run: ... -->` comment as a marker, or why it is not one. */
export function parseMarker(text: string): Marker | { kind: "invalid"; message: string } {
  const invalid = (message: string) => ({ kind: "invalid" as const, message: `<!-- run: ${text} -->: ${message}` });
  // The reason is prose (it may hold an apostrophe), so parse-only is read whole, before clauses are split.
  const parseOnly = /^parse-only \(([^)]+)\)(.*)$/.exec(text);
  if (parseOnly)
    return parseOnly[2]!.trim()
      ? invalid("parse-only takes no other clause")
      : { kind: "parse-only", reason: parseOnly[1]! };
  const [first = "", ...rest] = splitOutsideQuotes(text, ";").map((c) => c.trim());
  const marker: Extract<Marker, { kind: "run" }> = { kind: "run", exit: 0, prints: [], inClone: false };
  if (first.startsWith("with ")) {
    const words = shellWords(first.slice(5));
    const named = words.length >= 3 && words.at(-2) === "as" ? words.splice(-2)[1] : undefined;
    if (words[0] !== "serve" && words[0] !== "proxy") return invalid("'with' starts serve or proxy");
    marker.server = { words, ...(named ? { as: named } : {}) };
  } else if (first !== "loopback") return invalid("starts with loopback, with serve|proxy ..., or parse-only (why)");
  for (const clause of rest) {
    const exit = /^exit (\d+)$/.exec(clause);
    const prints = /^prints (?:"([^"]*)"|'([^']*)')$/.exec(clause);
    if (exit) marker.exit = Number(exit[1]);
    else if (prints) marker.prints.push(prints[1] ?? prints[2]!);
    else if (clause === "in the clone") marker.inClone = true;
    else return invalid(`unknown clause '${clause}' (exit N, prints "TEXT", in the clone)`);
  }
  return marker;
}

/** One command line as a shell reads it: `source` as written, `code` with continuations joined and comments dropped. */
export interface LogicalLine {
  source: string;
  code: string;
}

/**
 * The logical lines of a shell text: a newline ends one unless it is quoted or escaped. Enough of the shell's
 * grammar for examples (quotes, backslashes, comments); here-documents are not supported.
 */
export function logicalLines(text: string): LogicalLine[] {
  const lines: LogicalLine[] = [];
  let source = "";
  let code = "";
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === undefined && c === "#" && (code === "" || /[\s;&|(]$/.test(code))) {
      const end = text.indexOf("\n", i);
      const stop = end === -1 ? text.length : end;
      source += text.slice(i, stop);
      i = stop - 1;
      continue;
    }
    source += c;
    if (c === "\\" && quote !== "'" && i + 1 < text.length) {
      const next = text[++i]!;
      source += next;
      code += next === "\n" ? " " : c + next;
      continue;
    }
    if (c === "\n" && quote === undefined) {
      if (code.trim() !== "") lines.push({ source: source.replace(/\n$/, ""), code: code.trim() });
      source = "";
      code = "";
      continue;
    }
    if ((c === "'" || c === '"') && (quote === undefined || quote === c)) quote = quote ? undefined : c;
    code += c;
  }
  if (code.trim() !== "") lines.push({ source, code: code.trim() });
  return lines;
}

type Token = { word: string } | { op: string };

/** Words (quotes removed) and operators of one logical line; a redirection and its target are dropped. */
function tokens(code: string): Token[] {
  const out: Token[] = [];
  const pattern = /\s+|(\d*[<>]+&?\d*)|(&&|\|\||[;&|()])|((?:'[^']*'|"(?:\\.|[^"\\])*"|\\.|[^\s'"\\;&|()<>])+)/gy;
  let redirect = false;
  for (const m of code.matchAll(pattern)) {
    if (m[1]) redirect = !/&\d$/.test(m[1]);
    else if (m[2]) out.push({ op: m[2] });
    else if (m[3]) {
      if (!redirect) out.push({ word: unquote(m[3]) });
      redirect = false;
    }
  }
  return out;
}

function unquote(word: string): string {
  return word.replace(/'([^']*)'|"((?:\\.|[^"\\])*)"|\\(.)/g, (_m, single, double, escaped) =>
    single !== undefined ? single : double !== undefined ? double.replace(/\\(["\\$`])/g, "$1") : escaped,
  );
}

function shellWords(text: string): string[] {
  return tokens(text).flatMap((t) => ("word" in t ? [t.word] : []));
}

function splitOutsideQuotes(text: string, separator: string): string[] {
  return text.match(new RegExp(`(?:"[^"]*"|'[^']*'|[^${separator}"'])+`, "g")) ?? [];
}

/** One call of the CLI: through `npx` or not, and its words after `chime-voice-contract`. */
export interface Invocation {
  npx: boolean;
  argv: string[];
}

/**
 * The calls of `chime-voice-contract` in a logical line, where it stands as a command (at the start, or after
 * `&&`, `||`, `;`, `|`, `&`, `(`, behind environment assignments and `npx [--yes]`), not as a word such as a
 * folder name in `git clone ... chime-voice-contract`.
 */
export function invocations(code: string): Invocation[] {
  const found: Invocation[] = [];
  let command: string[] = [];
  const end = () => {
    let i = 0;
    while (i < command.length && /^[A-Za-z_]\w*=/.test(command[i]!)) i++;
    const npx = command[i] === "npx";
    if (npx) i++;
    if (npx && (command[i] === "--yes" || command[i] === "-y")) i++;
    if (/^chime-voice-contract(@[\w.-]+)?$/.test(command[i] ?? "")) found.push({ npx, argv: command.slice(i + 1) });
    command = [];
  };
  for (const t of tokens(code)) {
    if ("op" in t) end();
    else command.push(t.word);
  }
  end();
  return found;
}

/**
 * Whether a logical line starts a server and nothing else: one call of `serve` or `proxy` without `--` (which
 * would run a command and end with it), alone or sent to the background with a final `&`.
 */
export function startsServer(code: string): boolean {
  const all = tokens(code);
  const ops = all.filter((t) => "op" in t);
  const last = all.at(-1);
  const background = last !== undefined && "op" in last && last.op === "&";
  if (ops.length > 1 || (ops.length === 1 && !background)) return false;
  const [call, ...others] = invocations(code);
  return (
    call !== undefined &&
    others.length === 0 &&
    (call.argv[0] === "serve" || call.argv[0] === "proxy") &&
    !call.argv.includes("--")
  );
}

/** The documented default ports: what `serve` and `proxy` listen on without `--port` (with `--` it is 0). */
const defaultPorts: Record<string, number> = { serve: 4010, proxy: 4011 };

/**
 * The fixed loopback ports a block uses: those its text names (`127.0.0.1:4010`, `--port 4011`) and those its
 * servers take by default. Blocks that share one must not run at the same time.
 */
export function portsOf(text: string, server?: Server): number[] {
  const ports = new Set<number>();
  for (const m of text.matchAll(/(?:127\.0\.0\.1|localhost):(\d+)|--port[ =](\d+)/g)) ports.add(Number(m[1] ?? m[2]));
  const calls = logicalLines(text).flatMap((line) => invocations(line.code).map((c) => c.argv));
  for (const argv of server ? [...calls, server.words] : calls) {
    const port = defaultPorts[argv[0] ?? ""];
    if (port !== undefined && !argv.includes("--") && !argv.some((w) => w.startsWith("--port"))) ports.add(port);
  }
  if (server) for (const m of server.words.join(" ").matchAll(/--port[ =](\d+)/g)) ports.add(Number(m[1]));
  ports.delete(0);
  return [...ports].sort((a, b) => a - b);
}
