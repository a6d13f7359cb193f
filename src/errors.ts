/**
 * The tool's own errors, one catalogue (as fastify keeps `lib/errors.js`): each code with its exit code and what
 * it means. These are the tool's failures to run (bad flags, unusable files, a target it cannot reach), never the
 * service's errors, which are `src/contract/errors.ts`. The command line prints an error of this catalogue as one
 * line and exits with its code; anything else is an internal error (70). Commands classify errors by class, never
 * by their message.
 */
export const toolErrors = {
  CVC_USAGE: { exitCode: 2, meaning: "a bad flag, value or combination of flags" },
  CVC_DOCUMENT: { exitCode: 2, meaning: "the OpenAPI document cannot be read or used" },
  CVC_FIXTURES: { exitCode: 2, meaning: "a fixtures file cannot be read or is invalid" },
  CVC_CASES: { exitCode: 2, meaning: "a case file cannot be read or is invalid" },
  CVC_PICK: { exitCode: 2, meaning: "no fixture can serve a case's numbers" },
  CVC_SETUP: { exitCode: 2, meaning: "a conformance run could not be made" },
  CVC_REPLAY: { exitCode: 2, meaning: "a failure file given to --replay cannot be read" },
  CVC_CAPTURE: { exitCode: 2, meaning: "a number could not be captured from the target" },
  CVC_CREDENTIALS: { exitCode: 2, meaning: "no usable AWS credentials for --sign sigv4" },
  CVC_DRIFT_INPUT: { exitCode: 2, meaning: "a model or allow-list given to drift cannot be used" },
  CVC_TYPEGEN_UNAVAILABLE: { exitCode: 2, meaning: "openapi-typescript is not installed (a development dependency)" },
  CVC_CREDENTIALS_FILE: {
    exitCode: 2,
    meaning: "the --credentials file cannot be read, or is not a JSON array of valid keys",
  },
  CVC_STORE_UNAVAILABLE: {
    exitCode: 2,
    meaning:
      "the store cannot be used: its database refused the connection, failed the login, or lacks the database named; while serving, a 503",
  },
  CVC_STORE_TIMEOUT: {
    exitCode: 2,
    meaning: "the store's database did not answer within the connect or query timeout; while serving, a 503",
  },
  CVC_STORE_INCOMPATIBLE: {
    exitCode: 2,
    meaning: "the store holds something else: another schema version, or tables that are not a phone number store",
  },
  CVC_STORE_DRIVER: {
    exitCode: 2,
    meaning: "the store's driver (the optional dependency better-sqlite3) is not installed or failed to load",
  },
} as const satisfies Record<string, { exitCode: number; meaning: string }>;

export type ToolErrorCode = keyof typeof toolErrors;

/** An error of the catalogue: its code says what went wrong and how the command line exits. */
export class ToolError extends Error {
  constructor(
    readonly code: ToolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }

  get exitCode(): number {
    return toolErrors[this.code].exitCode;
  }
}

/** A bad flag or value: the CLI prints the message on one line and exits 2. */
export class UsageError extends ToolError {
  constructor(message: string) {
    super("CVC_USAGE", message);
  }
}

/** Why a document could not be used: `unreadable` and `unparsable` are unusable input, `invalid` a finding. */
export type DocumentProblemKind = "unreadable" | "unparsable" | "invalid";

export interface DocumentProblem {
  /** JSON pointer into the document, "" for the whole document. */
  pointer: string;
  message: string;
  line?: number;
}

export class DocumentError extends ToolError {
  constructor(
    readonly kind: DocumentProblemKind,
    readonly file: string,
    readonly problems: DocumentProblem[],
  ) {
    super(
      "CVC_DOCUMENT",
      `${file}: ${problems.map((p) => (p.pointer ? `${p.pointer}: ${p.message}` : p.message)).join("; ")}`,
    );
  }
}

/** A file of data the tool reads (fixtures, cases), with where in it the problem is. */
abstract class FileError extends ToolError {
  constructor(
    code: ToolErrorCode,
    readonly file: string,
    readonly detail: string,
    readonly line?: number,
  ) {
    super(code, `${file}${line ? `:${line}` : ""}: ${detail}`);
  }
}

export class FixtureError extends FileError {
  constructor(file: string, detail: string, line?: number) {
    super("CVC_FIXTURES", file, detail, line);
  }
}

export class CaseError extends FileError {
  constructor(file: string, detail: string, line?: number) {
    super("CVC_CASES", file, detail, line);
  }
}

/** A case that no fixture can serve: the run cannot be made (exit 2), never a silent skip. */
export class PickError extends ToolError {
  constructor(message: string) {
    super("CVC_PICK", message);
  }
}

/** The run could not be made (exit 2): bad options, an invalid case or fixture file, an unservable case, an unreachable target. */
export class SetupError extends ToolError {
  constructor(
    readonly kind: "options" | "cases" | "fixtures" | "pick" | "unreachable",
    message: string,
  ) {
    super("CVC_SETUP", message);
  }
}

export class ReplayError extends ToolError {
  constructor(message: string) {
    super("CVC_REPLAY", message);
  }
}

/** A number could not be captured: the fixtures file would not describe the target (exit 2). */
export class CaptureError extends ToolError {
  constructor(message: string) {
    super("CVC_CAPTURE", message);
  }
}

/** Credentials could not be found or used for `--sign sigv4`. */
export class CredentialsError extends ToolError {
  constructor(message: string) {
    super("CVC_CREDENTIALS", message);
  }
}

/** A model or allow-list that `drift` cannot use: one line on stderr, exit 2. */
export class DriftInputError extends ToolError {
  constructor(message: string) {
    super("CVC_DRIFT_INPUT", message);
  }
}

export class TypegenUnavailableError extends ToolError {
  constructor(message: string) {
    super("CVC_TYPEGEN_UNAVAILABLE", message);
  }
}

/** `--credentials FILE`: unreadable, not JSON, or an entry that is not a valid key. */
export class CredentialsFileError extends ToolError {
  constructor(message: string) {
    super("CVC_CREDENTIALS_FILE", message);
  }
}

/** A store that cannot be reached or logged into (at start: exit 2; while serving: a 503). */
export class StoreUnavailableError extends ToolError {
  constructor(message: string) {
    super("CVC_STORE_UNAVAILABLE", message);
  }
}

/** A store whose database did not answer in time (at start: exit 2; while serving: a 503). */
export class StoreTimeoutError extends ToolError {
  constructor(message: string) {
    super("CVC_STORE_TIMEOUT", message);
  }
}

/** A store that holds something this version does not read. */
export class StoreIncompatibleError extends ToolError {
  constructor(message: string) {
    super("CVC_STORE_INCOMPATIBLE", message);
  }
}

/** A store whose driver is missing or broken. */
export class StoreDriverError extends ToolError {
  constructor(message: string) {
    super("CVC_STORE_DRIVER", message);
  }
}
