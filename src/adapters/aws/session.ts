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
  /** Reads that answered (a fact known, even if empty). */
  readsOk: number;
  /** Total time the command may spend on AWS, in ms (APIGW_PLAN_AWS_TIMEOUT seconds; default 60). */
  deadlineMs: number;
  /** SDK clients in use, destroyed when the deadline passes. */
  clients: Set<{ destroy(): void }>;
  /** Reads that did not answer: the IAM action and why ("denied", "throttled until the retries ran out"…). A fact built on one stays unknown. */
  unread: UnreadFact[];
}

/** A read that did not answer; `reason` reads "denied: apigateway:GET /account". */
export interface UnreadFact {
  action: string;
  kind: ErrorKind | 'empty';
  reason: string;
}

/** "denied: apigateway:GET /account" — how a row says why its fact is unknown. */
export function unreadReason(kind: ErrorKind | 'empty', action: string): string {
  const what: Record<ErrorKind | 'empty', string> = {
    denied: 'denied',
    throttled: 'throttled until the retries ran out',
    service: 'failed',
    malformed: 'unreadable answer',
    network: 'unreachable',
    'no-credentials': 'no credentials',
    expired: 'expired credentials',
    rejected: 'rejected credentials',
    empty: 'empty answer',
  };
  return `${what[kind]}: ${action}`;
}

/** Record a read that did not answer (for facts the caller found empty), with a finding. */
export function recordUnread(s: AwsSession, action: string, kind: ErrorKind | 'empty', detail?: string): string {
  const reason = unreadReason(kind, action);
  s.unread.push({ action, kind, reason });
  s.findings.push({
    code: kind === 'denied' ? 'AWS_ACCESS_DENIED' : 'AWS_READ_FAILED',
    level: 'warn',
    message: `${reason}${detail ? ` (${detail})` : ''}: what it reads is unknown${kind === 'denied' ? '; grant it (see `apigw-plan iam-policy`) and run again' : ''}`,
  });
  return reason;
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
  // every value is checked before any AWS call, and a message names where it came from: the flag or the environment variable
  const regionFrom =
    opts.region !== undefined ? '--region' : env.AWS_REGION ? 'AWS_REGION' : env.AWS_DEFAULT_REGION ? 'AWS_DEFAULT_REGION' : undefined;
  const region = opts.region ?? (env.AWS_REGION || undefined) ?? (env.AWS_DEFAULT_REGION || undefined) ?? 'us-east-1';
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region))
    throw new InputError(
      `"${region}" ${regionFrom && regionFrom !== '--region' ? `(from the environment variable ${regionFrom}) ` : ''}is not an AWS Region code`,
      {
        where: regionFrom ?? '--region',
        hint:
          regionFrom && regionFrom !== '--region'
            ? `set ${regionFrom}=us-east-1 (or unset it), or pass --region`
            : 'e.g. --region us-east-1',
      },
    );
  const endpointFrom = opts.endpoint !== undefined ? '--endpoint-url' : env.AWS_ENDPOINT_URL ? 'AWS_ENDPOINT_URL' : undefined;
  const endpoint = opts.endpoint ?? (env.AWS_ENDPOINT_URL || undefined);
  if (endpoint !== undefined && !/^https?:\/\/[^\s/?#]+[^\s]*$/.test(endpoint)) {
    throw new InputError(
      `${endpointFrom === 'AWS_ENDPOINT_URL' ? 'the environment variable AWS_ENDPOINT_URL' : '--endpoint-url'} ${endpoint} is not an http(s) URL`,
      {
        where: endpointFrom ?? '--endpoint-url',
        hint: endpointFrom === 'AWS_ENDPOINT_URL' ? 'fix or unset AWS_ENDPOINT_URL' : 'e.g. --endpoint-url http://localhost:4566',
      },
    );
  }
  let deadlineMs = 60_000;
  if (env.APIGW_PLAN_AWS_TIMEOUT !== undefined) {
    const t = env.APIGW_PLAN_AWS_TIMEOUT.trim();
    const secs = /^\d+(\.\d+)?$/.test(t) ? Number(t) : Number.NaN;
    if (!(secs >= 0.1 && secs <= 3600))
      throw new InputError(
        `the environment variable APIGW_PLAN_AWS_TIMEOUT="${env.APIGW_PLAN_AWS_TIMEOUT}" is not a number of seconds from 0.1 to 3600`,
        {
          where: 'APIGW_PLAN_AWS_TIMEOUT',
          hint: 'e.g. APIGW_PLAN_AWS_TIMEOUT=120 (the total time a command may wait for AWS; default 60)',
        },
      );
    deadlineMs = secs * 1000;
  }
  // The SDK warns on Node 20 that *future* SDK releases will need Node 22; the versions this
  // tool pins support Node 20, so the warning would only be noise on every AWS-reading run.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  return {
    region,
    profile: opts.profile,
    endpoint,
    overrides: opts.overrides ?? {},
    findings: [],
    progress: opts.progress ?? (() => {}),
    readsOk: 0,
    unread: [],
    deadlineMs,
    clients: new Set(),
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
    // a connection within 5 s, an answer within 20 s (an error, not the SDK's default warning), both within the command's deadline
    requestHandler: {
      connectionTimeout: Math.min(5_000, s.deadlineMs),
      requestTimeout: Math.min(20_000, s.deadlineMs),
      throwOnRequestTimeout: true,
    },
    ...s.overrides,
  };
}

/** Register an SDK client with the session, so the command's deadline can close it. */
export function track<C extends { destroy(): void }>(s: AwsSession, client: C): C {
  s.clients.add(client);
  return client;
}

/**
 * Run a command's AWS reads within its total deadline (APIGW_PLAN_AWS_TIMEOUT, default 60 s):
 * past it, every client is closed and the command ends in exit 3 naming the endpoint, however
 * the SDK's retries and timeouts would have gone on.
 */
export async function withDeadline<T>(s: AwsSession, fn: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const work = fn();
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      for (const c of s.clients) c.destroy();
      const endpoint = s.endpoint ?? `the AWS endpoints of ${s.region}`;
      reject(
        new EnvironmentError(`no answer from ${endpoint} within ${s.deadlineMs / 1000} s`, {
          where: s.endpoint ?? s.region,
          hint: 'check the network, proxy, --region and --endpoint-url; a slow but working endpoint may need more time: APIGW_PLAN_AWS_TIMEOUT=120',
        }),
      );
    }, s.deadlineMs);
  });
  work.catch(() => {}); // settled after the deadline: nothing to report
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
  }
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
export function fatalAwsError(err: unknown, action: string, s: AwsSession): AwsReadError {
  const kind = classifyAwsError(err);
  return Object.assign(fatalAwsError0(err, action, s, kind), { kind, action });
}

/** An EnvironmentError from an AWS read, with its kind and action (callers that can carry on record it as unread). */
export type AwsReadError = EnvironmentError & { kind: ErrorKind; action: string };

function fatalAwsError0(err: unknown, action: string, s: AwsSession, kind: ErrorKind): EnvironmentError {
  const e = (err ?? {}) as SdkErrorLike;
  const where = `${action} (${s.region}${s.endpoint ? `, ${s.endpoint}` : ''})`;
  switch (kind) {
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

/**
 * A read whose fact may stay unknown: denied, throttled until the SDK's retries ran out, or a
 * service error leave it undefined, recorded in `s.unread` with a finding naming the IAM action.
 * Failures that no later read can escape (no, expired or rejected credentials; an unreachable
 * endpoint; the command's deadline) stop the command (exit 3).
 */
export async function readOrDeny<T>(s: AwsSession, iamAction: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    const v = await fn();
    s.readsOk++;
    return v;
  } catch (err) {
    if (err instanceof EnvironmentError) throw err;
    const kind = classifyAwsError(err);
    if (kind === 'denied' || kind === 'throttled' || kind === 'service') {
      recordUnread(s, iamAction, kind, kind === 'denied' ? undefined : firstLine((err as Error)?.message));
      return undefined;
    }
    throw fatalAwsError(err, iamAction, s);
  }
}

/** A read that must succeed. */
export async function mustRead<T>(s: AwsSession, iamAction: string, fn: () => Promise<T>): Promise<T> {
  try {
    const v = await fn();
    s.readsOk++;
    return v;
  } catch (err) {
    if (err instanceof EnvironmentError) throw err;
    throw fatalAwsError(err, iamAction, s);
  }
}
