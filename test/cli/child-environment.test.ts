// COMMAND's environment under `serve --`: the URL always; keys as a pair and regions only where none is set.
import t from "tap";
import { childEnvironment } from "../../src/cli/child-command.js";

const url = "http://127.0.0.1:4999";
const defaults = { accessKeyId: "AKIDDEFAULT", secretAccessKey: "default-secret", region: "eu-central-1" };
const pick = (env: NodeJS.ProcessEnv) => ({
  key: env.AWS_ACCESS_KEY_ID,
  secret: env.AWS_SECRET_ACCESS_KEY,
  region: env.AWS_REGION,
  defaultRegion: env.AWS_DEFAULT_REGION,
});

const cases: Array<[string, NodeJS.ProcessEnv, ReturnType<typeof pick>]> = [
  [
    "nothing set: the defaults",
    {},
    { key: "AKIDDEFAULT", secret: "default-secret", region: "eu-central-1", defaultRegion: "eu-central-1" },
  ],
  [
    "a key of its own: kept, with its own secret",
    { AWS_ACCESS_KEY_ID: "AKIDMINE", AWS_SECRET_ACCESS_KEY: "mine" },
    { key: "AKIDMINE", secret: "mine", region: "eu-central-1", defaultRegion: "eu-central-1" },
  ],
  [
    "half a pair: left as it is, never completed with the other half of another pair",
    { AWS_ACCESS_KEY_ID: "AKIDMINE" },
    { key: "AKIDMINE", secret: undefined, region: "eu-central-1", defaultRegion: "eu-central-1" },
  ],
  [
    "empty variables count as unset",
    { AWS_ACCESS_KEY_ID: "", AWS_SECRET_ACCESS_KEY: "", AWS_REGION: "" },
    { key: "AKIDDEFAULT", secret: "default-secret", region: "eu-central-1", defaultRegion: "eu-central-1" },
  ],
  [
    "AWS_DEFAULT_REGION alone (the aws CLI's): AWS_REGION follows it",
    { AWS_DEFAULT_REGION: "ap-south-1" },
    { key: "AKIDDEFAULT", secret: "default-secret", region: "ap-south-1", defaultRegion: "ap-south-1" },
  ],
  [
    "AWS_REGION alone (the JS SDK's): AWS_DEFAULT_REGION follows it",
    { AWS_REGION: "us-west-2" },
    { key: "AKIDDEFAULT", secret: "default-secret", region: "us-west-2", defaultRegion: "us-west-2" },
  ],
];

for (const [name, base, want] of cases) {
  t.test(name, async (t) => {
    const env = childEnvironment({ PATH: "/bin", ...base }, url, defaults);
    t.same(pick(env), want);
    t.equal(env.AWS_ENDPOINT_URL_CHIME_SDK_VOICE, url);
    t.equal(env.CHIME_VOICE_CONTRACT_URL, url);
    t.equal(env.PATH, "/bin", "the rest of the environment is passed on");
  });
}

t.test("without defaults (a proxy): the URL only; an endpoint already set is replaced", async (t) => {
  const env = childEnvironment({ AWS_ENDPOINT_URL_CHIME_SDK_VOICE: "https://elsewhere.example" }, url);
  t.same(env, { AWS_ENDPOINT_URL_CHIME_SDK_VOICE: url, CHIME_VOICE_CONTRACT_URL: url });
});
