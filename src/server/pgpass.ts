// libpq's password file (https://www.postgresql.org/docs/current/libpq-pgpass.html): PGPASSFILE, else
// ~/.pgpass. Lines `hostname:port:database:username:password`, `*` matching anything in the first four fields,
// `\:` and `\\` escaped, `#` starting a comment; the first line that matches wins. As libpq does, a file that
// its group or others may read is ignored. Read here rather than by `pg`, whose own support is deprecated and
// warns on stderr.
import { readFile, stat } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

export interface PassfileQuery {
  host: string;
  port: number;
  database: string;
  user: string;
}

export type PassfileAnswer =
  | { password: string; file: string }
  | { password?: undefined; file: string; ignored?: string }
  | { password?: undefined; file?: undefined };

/** The password file libpq would read with this environment. */
export function passfilePath(env: NodeJS.ProcessEnv): string | undefined {
  if (env.PGPASSFILE) return env.PGPASSFILE;
  const home = env.HOME || safeHome();
  return home ? join(home, ".pgpass") : undefined;
}

/** The password for `query` from the password file, or why there is none (no file, no line, file ignored). */
export async function passwordFromPassfile(query: PassfileQuery, env: NodeJS.ProcessEnv): Promise<PassfileAnswer> {
  const file = passfilePath(env);
  if (file === undefined) return {};
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { file, ignored: "it is not a regular file" };
    if (process.platform !== "win32" && (info.mode & 0o077) !== 0)
      return { file, ignored: "its group or others may read it (chmod 600 it, as libpq requires)" };
    text = await readFile(file, "utf8");
  } catch {
    return {};
  }
  // libpq matches a Unix-domain socket (and the default host) as `localhost`.
  const host = query.host.startsWith("/") ? "localhost" : query.host;
  const wanted = [host, String(query.port), query.database, query.user];
  for (const line of text.split(/\r?\n/)) {
    if (line === "" || line.startsWith("#")) continue;
    const fields = splitLine(line);
    if (fields.length < 5) continue;
    if (wanted.every((value, i) => fields[i] === "*" || fields[i] === value)) return { password: fields[4]!, file };
  }
  return { file };
}

/** Splits on unescaped `:`, undoing `\:` and `\\`; as libpq reads it, the password too ends at an unescaped `:`. */
function splitLine(line: string): string[] {
  const fields: string[] = [];
  let current = "";
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "\\" && i + 1 < line.length) current += line[++i];
    else if (c === ":") {
      fields.push(current);
      current = "";
    } else current += c;
  }
  fields.push(current);
  return fields;
}

function safeHome(): string | undefined {
  try {
    return homedir();
  } catch {
    return undefined;
  }
}
