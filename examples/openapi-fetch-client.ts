// A typed client for GetPhoneNumber and UpdatePhoneNumber with openapi-fetch and the package's generated
// types: paths, bodies, answers and error bodies are checked by TypeScript, with no code generated for the
// client itself. Run it against a server (`npx chime-voice-contract serve` listens on port 4010):
//
//   npx tsx examples/openapi-fetch-client.ts http://127.0.0.1:4010
//
// In your own project the import is the same: `import type { paths } from "chime-voice-contract/types"`.
import createClient from "openapi-fetch";
import { pathToFileURL } from "node:url";
import type { components, paths } from "chime-voice-contract/types";

type PhoneNumber = components["schemas"]["PhoneNumber"];
type UpdateRequest = components["schemas"]["UpdatePhoneNumberRequest"];

/** Every error the service answers with has this body (W3); `x-amzn-ErrorType` names the shape. */
export interface VoiceError {
  status: number;
  /** The error shape from `x-amzn-ErrorType`, such as `ConflictException` (what AWS SDKs name the error by). */
  shape: string;
  code: string;
  message: string;
}

export type Result = { ok: true; phoneNumber: PhoneNumber } | { ok: false; error: VoiceError };

export function voiceClient(baseUrl: string) {
  return createClient<paths>({ baseUrl });
}
type VoiceClient = ReturnType<typeof voiceClient>;

// The error body is typed as the union of every documented error's `{Code, Message}`; the shape name
// is in a header, with a possible `:...` suffix that AWS SDKs strip too.
function toResult(
  response: Response,
  data: { PhoneNumber?: PhoneNumber } | undefined,
  error: { Code?: string; Message?: string } | undefined,
): Result {
  if (data?.PhoneNumber) return { ok: true, phoneNumber: data.PhoneNumber };
  const shape = (response.headers.get("x-amzn-errortype") ?? "").split(":")[0]!;
  return {
    ok: false,
    error: { status: response.status, shape, code: error?.Code ?? "", message: error?.Message ?? "" },
  };
}

/** GetPhoneNumber. The label may be `+1...` or the `%2B1...` the service returns as PhoneNumberId (W1). */
export async function getPhoneNumber(client: VoiceClient, phoneNumberId: string): Promise<Result> {
  const { data, error, response } = await client.GET("/phone-numbers/{phoneNumberId}", {
    params: { path: { phoneNumberId } },
  });
  return toResult(response, data, error);
}

/** UpdatePhoneNumber: exactly one of CallingName, Name, ProductType per call (V3). */
export async function updatePhoneNumber(
  client: VoiceClient,
  phoneNumberId: string,
  body: UpdateRequest,
): Promise<Result> {
  const { data, error, response } = await client.POST("/phone-numbers/{phoneNumberId}", {
    params: { path: { phoneNumberId } },
    body,
  });
  return toResult(response, data, error);
}

/**
 * A short tour against a server holding the package's fixtures: read a number, rename it, start a
 * calling-name update, and handle the 409 that a second one gets while the first is pending (S5).
 */
export async function openapiFetchExample(baseUrl: string, phoneNumberId = "+12065550102") {
  const client = voiceClient(baseUrl);
  const before = await getPhoneNumber(client, phoneNumberId);
  if (!before.ok) throw new Error(`GetPhoneNumber ${phoneNumberId}: ${before.error.shape}: ${before.error.message}`);
  const renamed = await updatePhoneNumber(client, before.phoneNumber.PhoneNumberId!, { Name: "Reception" });
  // A calling-name update stays pending for the calling-name delay (72 hours on the service): start one only if
  // none is, so that the example runs any number of times against one server.
  const callingName =
    before.phoneNumber.CallingNameStatus === "UpdateInProgress"
      ? before
      : await updatePhoneNumber(client, phoneNumberId, { CallingName: "Acme Corp" });
  const again = await updatePhoneNumber(client, phoneNumberId, { CallingName: "Globex" });
  let conflict: VoiceError | undefined;
  if (!again.ok && again.error.shape === "ConflictException")
    conflict = again.error; // retry once the update settled
  else if (!again.ok) throw new Error(`UpdatePhoneNumber: ${again.error.shape}: ${again.error.message}`);
  const unknown = await getPhoneNumber(client, "+12065550199");
  return { before, renamed, callingName, conflict, unknown };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await openapiFetchExample(process.argv[2] ?? "http://127.0.0.1:4010");
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}
