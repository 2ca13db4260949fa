import { readFileSync } from 'node:fs';
import {
  paginateListAWSDefaultServiceQuotas,
  paginateListServiceQuotas,
  ServiceQuotasClient,
  type ServiceQuota,
} from '@aws-sdk/client-service-quotas';
import type { BundledQuota, SqQuota } from '../../models/quotas/merge.js';
import { classifyAwsError, clientConfig, track, fatalAwsError, recordUnread, type AwsSession } from './session.js';

export interface BundledQuotaFile {
  compiled: string;
  source: string;
  quotas: BundledQuota[];
}

export function loadBundledQuotas(): BundledQuotaFile {
  return JSON.parse(readFileSync(new URL('../../../pricing-data/quota-defaults.json', import.meta.url), 'utf8')) as BundledQuotaFile;
}

function toPlain(q: ServiceQuota): SqQuota | undefined {
  if (!q.QuotaCode || q.Value === undefined) return undefined;
  return {
    code: q.QuotaCode,
    name: q.QuotaName ?? q.QuotaCode,
    value: q.Value,
    unit: q.Unit,
    adjustable: q.Adjustable,
    period:
      q.Period?.PeriodValue !== undefined && q.Period.PeriodUnit ? { value: q.Period.PeriodValue, unit: q.Period.PeriodUnit } : undefined,
  };
}

export interface ServiceQuotasRead {
  applied: SqQuota[] | undefined;
  defaults: SqQuota[] | undefined;
}

/**
 * ListServiceQuotas (applied values; "if the applied quota value is not available for a quota,
 * the quota is not retrieved") and ListAWSDefaultServiceQuotas for `apigateway`. Denied or
 * unreachable → undefined with a finding; the caller falls back to the bundled defaults.
 * Expired or missing credentials still fail the command.
 */
export async function readServiceQuotas(s: AwsSession): Promise<ServiceQuotasRead> {
  const sq = track(s, new ServiceQuotasClient(clientConfig(s)));
  const list = async (action: string, kind: 'applied' | 'defaults'): Promise<SqQuota[] | undefined> => {
    try {
      const out: SqQuota[] = [];
      // the SDK's own paginators follow NextToken
      const config = { client: sq, pageSize: 100 };
      const pages =
        kind === 'applied'
          ? paginateListServiceQuotas(config, { ServiceCode: 'apigateway' })
          : paginateListAWSDefaultServiceQuotas(config, { ServiceCode: 'apigateway' });
      for await (const page of pages) {
        for (const q of page.Quotas ?? []) {
          const p = toPlain(q);
          if (p) out.push(p);
        }
      }
      return out;
    } catch (err) {
      const k = classifyAwsError(err);
      if (k === 'denied' || k === 'throttled' || k === 'service' || k === 'network') {
        recordUnread(s, action, k, k === 'denied' ? undefined : `${(err as Error).name}: ${(err as Error).message.split('\n')[0]}`);
        return undefined;
      }
      throw fatalAwsError(err, action, s);
    }
  };
  try {
    s.progress('reading Service Quotas for apigateway…');
    const applied = await list('servicequotas:ListServiceQuotas', 'applied');
    let defaults = await list('servicequotas:ListAWSDefaultServiceQuotas', 'defaults');
    if (applied !== undefined) s.readsOk++;
    if (defaults !== undefined && defaults.length === 0) {
      // every Region lists API Gateway's defaults: an empty list is an answer that says nothing
      recordUnread(s, 'servicequotas:ListAWSDefaultServiceQuotas', 'empty', 'no quotas listed for apigateway');
      defaults = undefined;
    } else if (defaults !== undefined) s.readsOk++;
    return { applied, defaults };
  } finally {
    sq.destroy();
  }
}
