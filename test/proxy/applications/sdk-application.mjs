// An application of a team's own, unmodified: the official JS SDK v3 client with no endpoint in its code (it reads
// AWS_ENDPOINT_URL_CHIME_SDK_VOICE, which `proxy -- COMMAND` sets), keys and region from the environment. Reads (one
// by the PhoneNumberId it was given), a Name and its removal, a ProductType (and a VoiceConnector outside the U.S.),
// a CallingName and a second one while it is pending, a mistake, an unknown number, a blank label. It prints what
// each call was answered, so that a test can say what the traffic was.
import { ChimeSDKVoiceClient, GetPhoneNumberCommand, UpdatePhoneNumberCommand } from "@aws-sdk/client-chime-sdk-voice";

const client = new ChimeSDKVoiceClient({ maxAttempts: 1 });
const outcomes = [];
const send = (command) =>
  client.send(command).then(
    (answer) => {
      outcomes.push("200");
      return answer;
    },
    (error) => {
      outcomes.push(`${error.$metadata?.httpStatusCode} ${error.name}`);
      return undefined;
    },
  );

const read = await send(new GetPhoneNumberCommand({ PhoneNumberId: "+12065550100" }));
await send(new GetPhoneNumberCommand({ PhoneNumberId: read.PhoneNumber.PhoneNumberId }));
const updates = [
  { PhoneNumberId: "+12065550100", Name: "Front desk 2" },
  { PhoneNumberId: "+12065550100", Name: "" },
  { PhoneNumberId: "+12065550102", ProductType: "SipMediaApplicationDialIn" },
  { PhoneNumberId: "+442079460000", ProductType: "VoiceConnector" },
  { PhoneNumberId: "+12065550101", CallingName: "Acme Corp" },
  { PhoneNumberId: "+12065550101", CallingName: "Acme Again" },
  { PhoneNumberId: "+12065550100", Name: "bad!" },
  { PhoneNumberId: "+19995550199", Name: "Nobody" },
];
for (const update of updates) {
  await send(new UpdatePhoneNumberCommand(update));
  await send(new GetPhoneNumberCommand({ PhoneNumberId: update.PhoneNumberId }));
}
await send(new GetPhoneNumberCommand({ PhoneNumberId: " " }));
client.destroy();
process.stdout.write(`${JSON.stringify(outcomes)}\n`);
