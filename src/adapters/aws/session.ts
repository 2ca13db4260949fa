import { EnvironmentError, InputError } from '../../errors.js';
import type { Finding } from '../../models/types.js';

/**
 * How to reach AWS: the SDK's default credential chain (environment, shared config and
 * credentials files, SSO and process profiles, web identity, container/instance roles),
 * optionally a named profile, a Region and an endpoint override (LocalStack, tests).
 * `overrides` is merged into every client's configuration last (tests: static credentials,
 * a fast retry strategy).
 */
export interface AwsSession {
  region: string;
  profile: string | undefined;
  endpoint: string | undefined;
  overrides: Record<string, unknown>;
  /** Findings collected while reading (access denied, fallbacks…), shown with the result. */
  findings: Finding[];
  /** Progress lines (stderr). */
  progress: (line: string) => void;
}

export function createSession(opts: {
  region?: string;
  profile?: string;
  endpoint?: string;
  overrides?: Record<string, unknown>;
  progress?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}): AwsSession {
  const env = opts.env ?? {};
  const region = opts.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    throw new InputError(`"${region}" is not an AWS Region code`, { where: '--region', hint: 'e.g. --region us-east-1' });
  if (opts.endpoint !== undefined && !/^https?:\/\/[^\s]+$/.test(opts.endpoint)) {
    throw new InputError(`--endpoint-url ${opts.endpoint} is not an http(s) URL`, {
      where: '--endpoint-url',
      hint: 'e.g. --endpoint-url http://localhost:4566',
    });
  }
  // The SDK warns on Node 20 that *future* SDK releases will need Node 22; the versions this
  // tool pins support Node 20, so the warning would only be noise on every AWS-reading run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    region,
    profile: opts.profile,
    endpoint: opts.endpoint,
    overrides: opts.overrides ?? {},
    findings: [],
    progress: opts.progress ?? (() => {}),
  };
}

/** Client configuration shared by every SDK client the tool creates. */
export function clientConfig(s: AwsSession, region: string = s.region): Record<string, unknown> {
  return {
    region,
    ...(s.profile ? { profile: s.profile } : {}),
    ...(s.endpoint ? { endpoint: s.endpoint } : {}),
    // Throttling answers (ThrottlingException, TooManyRequestsException, 429) are retried with
    // exponential backoff and jitter by the SDK's standard retry strategy.
    maxAttempts: 5,
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
    ...s.overrides,
  };
}

export const CREDENTIALS_HINT =
  'provide credentials the way the AWS CLI takes them: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) in the environment; ' +
  'a profile in ~/.aws/credentials or ~/.aws/config selected with --profile NAME or AWS_PROFILE (SSO profiles: run `aws sso login --profile NAME` first); ' +
  'or a role from the container/instance environment';

const CREDENTIAL_MISSING = new Set(['CredentialsProviderError', 'TokenProviderError']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const REJECTED = new Set([
  'UnrecognizedClientException',
  'InvalidClientTokenId',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'IncompleteSignature',
  'IncompleteSignatureException',
  'AuthFailure',
  'MissingAuthenticationTokenException',
]);
const DENIED = new Set([
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
  'UnauthorizedException',
  'NoSuchEntityException',
]);
const THROTTLED = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);
const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

export type ErrorKind = 'no-credentials' | 'expired' | 'rejected' | 'denied' | 'throttled' | 'network' | 'malformed' | 'service';

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $response?: unknown;
  cause?: unknown;
}

export function classifyAwsError(err: unknown): ErrorKind {
  const e = (err ?? {}) as SdkErrorLike;
  const name = e.name ?? '';
  const code = e.code ?? (e.cause as SdkErrorLike | undefined)?.code ?? '';
  const status = e.$metadata?.httpStatusCode;
  if (CREDENTIAL_MISSING.has(name) || /could not load credentials|unable to load credentials/i.test(e.message ?? ''))
    return 'no-credentials';
  if (
    EXPIRED.has(name) ||
    (/expired/i.test(e.message ?? '') && /token|credential|signature/i.test(e.message ?? '') && status !== undefined && status < 500)
  )
    return 'expired';
  if (REJECTED.has(name)) return 'rejected';
  if (DENIED.has(name) || status === 403) return 'denied';
  if (THROTTLED.has(name) || status === 429) return 'throttled';
  if (
    NETWORK.has(code) ||
    NETWORK.has(name) ||
    name === 'TimeoutError' ||
    name === 'RequestTimeout' ||
    /ECONNREFUSED|ENOTFOUND|socket hang up|EAI_AGAIN/.test(e.message ?? '')
  )
    return 'network';
  if (
    name === 'SyntaxError' ||
    e.$response !== undefined ||
    /deserializ|Unexpected token|JSON|not valid|unexpected end/i.test(e.message ?? '')
  )
    return 'malformed';
  return 'service';
}

/** A failure that stops the command (exit 3): everything but "access denied". */
export function fatalAwsError(err: unknown, action: string, s: AwsSession): EnvironmentError {
  const e = (err ?? {}) as SdkErrorLike;
  const where = `${action} (${s.region}${s.endpoint ? `, ${s.endpoint}` : ''})`;
  switch (classifyAwsError(err)) {
    case 'no-credentials':
      return new EnvironmentError('no AWS credentials found', {
        where: s.profile ? `--profile ${s.profile}` : 'the AWS SDK default credential chain',
        hint: CREDENTIALS_HINT,
      });
    case 'expired':
      return new EnvironmentError(`the AWS credentials have expired (${e.name ?? 'expired token'})`, {
        where,
        hint: 'refresh them: `aws sso login --profile NAME` for SSO, or get new temporary credentials (AWS_SESSION_TOKEN)',
      });
    case 'rejected':
      return new EnvironmentError(`AWS rejected the credentials (${e.name})`, {
        where,
        hint: 'check the access key and secret (and session token), or pick another --profile',
      });
    case 'throttled':
      return new EnvironmentError(`AWS kept throttling ${action} after the SDK's retries`, {
        where,
        hint: 'wait a minute and run again, or narrow the request (--days, --api)',
      });
    case 'network':
      return new EnvironmentError(
        `cannot reach the AWS endpoint for ${action}: ${e.code ?? (e.cause as SdkErrorLike | undefined)?.code ?? e.name ?? ''} ${firstLine(e.message)}`.trim(),
        { where, hint: 'check the network, proxy settings, --region and --endpoint-url' },
      );
    case 'malformed':
      return new EnvironmentError(`AWS sent an answer to ${action} that could not be read`, {
        where,
        hint: 'retry; if it persists, check --endpoint-url points at the right service (proxies and captive portals return HTML)',
      });
    case 'denied':
      return new EnvironmentError(`access denied for ${action}`, {
        where,
        hint: 'run `apigw-plan iam-policy` for the permissions the tool needs',
      });
    default:
      return new EnvironmentError(
        `AWS call ${action} failed: ${e.name ?? 'error'}: ${firstLine(e.message)}${e.$metadata?.httpStatusCode ? ` (HTTP ${e.$metadata.httpStatusCode})` : ''}`,
        { where, hint: 'retry; if it persists, check the AWS Health Dashboard for the Region' },
      );
  }
}

function firstLine(s: string | undefined): string {
  return (s ?? '').split('\n')[0]!.slice(0, 200);
}

/** A read that may be denied: returns undefined and records a finding naming the IAM action. Every other failure is fatal (exit 3). */
export async function readOrDeny<T>(s: AwsSession, iamAction: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn();
  } catch (err) {
    if (classifyAwsError(err) === 'denied') {
      s.findings.push({
        code: 'AWS_ACCESS_DENIED',
        level: 'warn',
        message: `access denied for ${iamAction}: that part is left out; grant it (see \`apigw-plan iam-policy\`) and run again`,
      });
      return undefined;
    }
    throw fatalAwsError(err, iamAction, s);
  }
}

/** A read that must succeed. */
export async function mustRead<T>(s: AwsSession, iamAction: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw fatalAwsError(err, iamAction, s);
  }
}
