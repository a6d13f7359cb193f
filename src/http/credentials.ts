import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from "@smithy/types";
import { CredentialsError } from "../errors.js";
export { CredentialsError } from "../errors.js";

/** The standard AWS sources, in the order the default chain asks them. */
const sources =
  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, the shared config and credentials files (~/.aws/config, ~/.aws/credentials, AWS_PROFILE), SSO, web identity, container and instance metadata";

export interface Signing {
  /** The provider, resolved once already (temporary credentials are refreshed by it). */
  credentials: AwsCredentialIdentityProvider;
  region: string;
}

/** `--region`, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. */
export function signingRegion(region: unknown): string {
  return typeof region === "string"
    ? region
    : (process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? "us-east-1");
}

/**
 * `--sign sigv4`: credentials from the standard AWS sources, resolved before a command listens or sends, so that
 * missing or unusable ones are one line naming the sources tried, never a stack trace at the first request.
 * The line never carries what a source held: only that it gave nothing usable.
 */
export async function resolveSigning(region: unknown): Promise<Signing> {
  const { defaultProvider } = await import("@aws-sdk/credential-provider-node");
  const provider = defaultProvider();
  let found: AwsCredentialIdentity;
  try {
    found = await provider();
  } catch (error) {
    const why = (error as Error).name === "CredentialsProviderError" ? "none gave any" : "one could not be read";
    throw new CredentialsError(`--sign sigv4: no AWS credentials found (${why}); tried ${sources}`);
  }
  if (!found.accessKeyId || !found.secretAccessKey)
    throw new CredentialsError(
      `--sign sigv4: the AWS credentials found have no access key id or secret; tried ${sources}`,
    );
  return { credentials: provider, region: signingRegion(region) };
}
