import { gunzipSync } from "node:zlib";
import { botocoreModel, looksLikeBotocore } from "./botocore.js";
import { readInput } from "./input-file.js";
import { DriftInputError } from "./input-error.js";
import { smithyModel, type SmithyModel } from "./smithy.js";

/** A model decompressed is at most this large (the chime-sdk-voice Smithy model is 0.4 MB): a bound on a bad file. */
const maxModelBytes = 64 * 1024 * 1024;

/**
 * Reads a model file, whatever its format, told by its content rather than its name: a Smithy JSON AST, or
 * botocore's `service-2.json`, either one gzip-compressed or not (botocore ships `service-2.json.gz`).
 */
export async function loadModel(file: string): Promise<SmithyModel> {
  const bytes = await readInput(file, "model");
  const json = parseJson(isGzip(bytes) ? gunzip(bytes, file) : bytes.toString("utf8"), file);
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new DriftInputError(`${file} is not a Smithy JSON model: not a JSON object`);
  }
  const object = json as Record<string, unknown>;
  if (object.smithy === undefined && looksLikeBotocore(object)) return botocoreModel(object, file);
  if (object.smithy === undefined) {
    throw new DriftInputError(
      `${file} is not a Smithy JSON model: no "smithy" version, nor botocore's service-2.json: no "metadata"`,
    );
  }
  return smithyModel(object, file);
}

function isGzip(bytes: Buffer): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function gunzip(bytes: Buffer, file: string): string {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxModelBytes }).toString("utf8");
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE"
        ? `over ${maxModelBytes} bytes`
        : (error as Error).message;
    throw new DriftInputError(`${file}: gzip data that does not decompress (${reason})`);
  }
}

function parseJson(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DriftInputError(
      `${file} is not a Smithy JSON model: not JSON (${visible((error as Error).message)}); a model is Smithy JSON or botocore's service-2.json, gzip-compressed or not`,
    );
  }
}

/** JSON.parse quotes the text it stopped at: control characters are shown as escapes, never sent to a terminal. */
function visible(message: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters to escape
  return message.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
