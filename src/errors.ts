// The tool's own errors, as one catalogue (as fastify keeps `lib/errors.js`): each cause has a code, the exit
// code a command ends with when it stops on it, and a line saying what it means. A class per code lets callers
// tell causes apart with `instanceof` instead of reading messages; every message is one line, safe to print
// as it is: it never holds a secret (a key's secret, a password), whatever the input was.
//
// To add an error: a row here, a class below that passes its code, and a `new` of it somewhere in src/
// (test/errors.test.ts checks all three).

export const errorCatalogue = {
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

export type ErrorCode = keyof typeof errorCatalogue;

/** One of the tool's own errors: a code of the catalogue and a one-line message without secrets. */
export class ToolError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: number;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.code = code;
    this.exitCode = errorCatalogue[code].exitCode;
    this.name = new.target.name;
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
