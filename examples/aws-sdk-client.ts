// The official AWS SDK for JavaScript v3 pointed at the reference server: the same code that calls
// Amazon Chime SDK Voice, with `endpoint` set, so a client can be developed and tested locally.
// Run it against a server (`npx chime-voice-contract serve` listens on port 4010):
//
//   npx tsx examples/aws-sdk-client.ts http://127.0.0.1:4010
//
// The server accepts any credentials unless it runs with `--auth sigv4`; the SDK still needs some to sign.
import {
  ChimeSDKVoiceClient,
  ConflictException,
  GetPhoneNumberCommand,
  NotFoundException,
  UpdatePhoneNumberCommand,
} from "@aws-sdk/client-chime-sdk-voice";
import { pathToFileURL } from "node:url";

export function localVoiceClient(endpoint: string): ChimeSDKVoiceClient {
  return new ChimeSDKVoiceClient({
    endpoint,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "local-secret" },
    // The reference server can inject 500/503 on demand; with one attempt those surface instead of being retried.
    maxAttempts: 1,
  });
}

/**
 * Read a number, change its product type, start a calling-name update (unless one is pending), and catch the typed errors the SDK
 * raises from `x-amzn-ErrorType` (W3): ConflictException for a second update while one is pending (S5),
 * NotFoundException for an unknown number (S1).
 */
export async function awsSdkExample(endpoint: string, phoneNumberId = "+12065550104") {
  const client = localVoiceClient(endpoint);
  try {
    const before = await client.send(new GetPhoneNumberCommand({ PhoneNumberId: phoneNumberId }));
    const productType = await client.send(
      new UpdatePhoneNumberCommand({ PhoneNumberId: phoneNumberId, ProductType: "SipMediaApplicationDialIn" }),
    );
    // A calling-name update stays pending for the calling-name delay (72 hours on the service): start one only if
    // none is, so that the example runs any number of times against one server.
    const callingName =
      before.PhoneNumber?.CallingNameStatus === "UpdateInProgress"
        ? before
        : await client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: phoneNumberId, CallingName: "Acme Corp" }));
    let conflict: ConflictException | undefined;
    try {
      await client.send(new UpdatePhoneNumberCommand({ PhoneNumberId: phoneNumberId, CallingName: "Globex" }));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
      conflict = error;
    }
    let notFound: NotFoundException | undefined;
    try {
      await client.send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550199" }));
    } catch (error) {
      if (!(error instanceof NotFoundException)) throw error;
      notFound = error;
    }
    return {
      before: before.PhoneNumber,
      productType: productType.PhoneNumber,
      callingName: callingName.PhoneNumber,
      requestId: productType.$metadata.requestId,
      conflict,
      notFound,
    };
  } finally {
    client.destroy();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = await awsSdkExample(process.argv[2] ?? "http://127.0.0.1:4010");
  process.stdout.write(
    `${JSON.stringify({ ...result, conflict: result.conflict?.name, notFound: result.notFound?.name }, null, 2)}\n`,
  );
}
