import { createHash, timingSafeEqual } from "node:crypto";
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import type { CredentialEntry } from "./credentials.js";

/** Not ok maps to 401 UnauthorizedClientException with `reason` as the message; `allows` decides 403. */
export type SigV4Result =
  | { ok: true; accessKeyId: string; allows(operationId: string): boolean }
  | { ok: false; reason: string };

export interface SigV4VerifierOptions {
  credentials: CredentialEntry[];
  /** When given, the only region a signature may be scoped to; any region otherwise. */
  region?: string;
  /** The signing name; Chime SDK Voice signs as `chime`. */
  service?: string;
  /** The wall clock, never the injected clock that drives calling-name updates (DESIGN). */
  now?: () => Date;
  maxSkewMs?: number;
}

export interface SignedRequest {
  method: string;
  /** Path and query exactly as received (`req.url`), still percent-encoded. */
  rawUrl: string;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export type SigV4Verifier = (request: SignedRequest) => Promise<SigV4Result>;

interface Authorization {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

const authorizationPattern =
  /^AWS4-HMAC-SHA256 +Credential=([^/,\s]+)\/(\d{8})\/([^/,\s]+)\/([^/,\s]+)\/aws4_request *, *SignedHeaders=([a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*) *, *Signature=([0-9a-f]{64})$/;
const amzDatePattern = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** `Authorization: AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=...` */
export function parseAuthorization(value: string): Authorization | undefined {
  const match = authorizationPattern.exec(value.trim());
  if (!match) return undefined;
  const [, accessKeyId, date, region, service, signedHeaders, signature] = match as unknown as string[];
  return {
    accessKeyId: accessKeyId!,
    date: date!,
    region: region!,
    service: service!,
    signedHeaders: signedHeaders!.split(";"),
    signature: signature!,
  };
}

export function parseAmzDate(value: string): Date | undefined {
  const m = amzDatePattern.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  const date = new Date(Date.UTC(y!, mo! - 1, d!, h!, mi!, s!));
  // Date.UTC rolls 20240230 over to March; a date that does not round-trip was not a real one.
  return date.toISOString().replace(/[-:]|\.\d{3}/g, "") === value ? date : undefined;
}

/**
 * Verifies AWS Signature Version 4 the way the service does, by re-signing the request as received with
 * @smithy/signature-v4 and comparing. The signer checks nothing about time, scope or region, so those are here.
 */
export function createSigV4Verifier(options: SigV4VerifierOptions): SigV4Verifier {
  const service = options.service ?? "chime";
  const now = options.now ?? (() => new Date());
  const maxSkewMs = options.maxSkewMs ?? 5 * 60_000;
  const keys = new Map<string, { signer: SignatureV4; allowed: ReadonlySet<string> | undefined }>();
  for (const entry of options.credentials) {
    const signer = new SignatureV4({
      credentials: { accessKeyId: entry.accessKeyId, secretAccessKey: entry.secretAccessKey },
      region: options.region ?? "us-east-1",
      service,
      sha256: Sha256,
      // Both clients' canonical path encodes the wire path again (`%2B` becomes `%252B`).
      uriEscapePath: true,
      // Otherwise the signer adds an x-amz-content-sha256 header that the aws CLI never signed.
      applyChecksum: false,
    });
    keys.set(entry.accessKeyId, { signer, allowed: entry.allow && new Set(entry.allow) });
  }

  return async (request) => {
    const authorization = header(request.headers, "authorization");
    if (authorization === undefined) return refuse("Missing Authentication Token");
    const auth = parseAuthorization(authorization);
    if (!auth) return refuse("Authorization header is not a well-formed AWS4-HMAC-SHA256 signature");
    const amzDate = header(request.headers, "x-amz-date");
    if (amzDate === undefined) return refuse("Request is missing the X-Amz-Date header");
    const signingDate = parseAmzDate(amzDate);
    if (!signingDate) return refuse("X-Amz-Date is not a real date of the form YYYYMMDDTHHMMSSZ");
    if (!auth.signedHeaders.includes("host")) return refuse("SignedHeaders must include host");
    if (!auth.signedHeaders.includes("x-amz-date")) return refuse("SignedHeaders must include x-amz-date");
    if (auth.service !== service)
      return refuse(`Credential should be scoped to the service '${service}', not '${auth.service}'`);
    if (options.region !== undefined && auth.region !== options.region) {
      return refuse(`Credential should be scoped to the region '${options.region}', not '${auth.region}'`);
    }
    if (auth.date !== amzDate.slice(0, 8))
      return refuse(`Credential date ${auth.date} does not match X-Amz-Date ${amzDate}`);
    const wallClock = now();
    if (Math.abs(wallClock.getTime() - signingDate.getTime()) > maxSkewMs) {
      return refuse(
        `Signature expired or not yet valid: X-Amz-Date ${amzDate} is more than ${maxSkewMs / 60_000} minutes from the server time ${formatAmzDate(wallClock)}`,
      );
    }
    const key = keys.get(auth.accessKeyId);
    if (!key) return refuse("The security token included in the request is invalid: unknown access key");

    // Exactly the headers the client signed, as received: clients also send unsigned ones (user-agent...).
    const signedHeaders: Record<string, string> = {};
    for (const name of auth.signedHeaders) {
      const value = header(request.headers, name);
      if (value === undefined) return refuse(`Signed header '${name}' is missing from the request`);
      signedHeaders[name] = value;
    }
    // The signer trusts a declared payload hash; check it, or any body would pass under the original headers.
    const declaredHash = header(request.headers, "x-amz-content-sha256");
    if (declaredHash !== undefined && declaredHash !== createHash("sha256").update(request.body).digest("hex")) {
      return refuse("The x-amz-content-sha256 header does not match the request body");
    }
    const { path, query } = splitUrl(request.rawUrl);
    const resigned = await key.signer.sign(
      new HttpRequest({
        method: request.method,
        protocol: "http:",
        hostname: "",
        path,
        query,
        headers: signedHeaders,
        body: request.body,
      }),
      {
        signingDate,
        signingRegion: auth.region,
        signingService: auth.service,
        signableHeaders: new Set(auth.signedHeaders),
      },
    );
    const expected = parseAuthorization(String(resigned.headers.authorization));
    if (
      !expected ||
      expected.signedHeaders.join(";") !== auth.signedHeaders.join(";") ||
      !sameHex(expected.signature, auth.signature)
    ) {
      return refuse(
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.",
      );
    }
    const allowed = key.allowed;
    return {
      ok: true,
      accessKeyId: auth.accessKeyId,
      allows: (operationId) => allowed === undefined || allowed.has(operationId),
    };
  };
}

function refuse(reason: string): SigV4Result {
  return { ok: false, reason };
}

/** Repeated headers are joined with "," as SigV4's canonical form does. */
function header(headers: SignedRequest["headers"], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(",") : value;
}

function sameHex(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The signer escapes path and query itself, so it gets the wire path as is and the query decoded once. */
function splitUrl(rawUrl: string): { path: string; query: Record<string, string | string[]> } {
  const mark = rawUrl.indexOf("?");
  const path = mark === -1 ? rawUrl : rawUrl.slice(0, mark);
  const query: Record<string, string | string[]> = {};
  if (mark === -1) return { path, query };
  for (const pair of rawUrl.slice(mark + 1).split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? "" : decode(pair.slice(eq + 1));
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return { path, query };
}

/** SigV4 encodes a space as %20 and leaves `+` literal, so `+` is not decoded to a space here. */
function decode(component: string): string {
  try {
    return decodeURIComponent(component);
  } catch {
    return component;
  }
}

function formatAmzDate(date: Date): string {
  return date.toISOString().replace(/[-:]|\.\d{3}/g, "");
}
