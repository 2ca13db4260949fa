import { paginateGetProducts, PricingClient } from '@aws-sdk/client-pricing';
import type { PriceListQuery } from '../../models/pricing-list/catalog.js';
import type { QueryAnswer } from '../../models/pricing-list/map.js';
import { clientConfig, track, mustRead, type AwsSession } from './session.js';

/**
 * The Price List Query API answers from us-east-1 (also eu-central-1 and ap-south-1) whatever
 * Region is priced; the priced Region is a filter
 * (https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/using-price-list-query-api.html).
 */
export const PRICING_ENDPOINT_REGION = 'us-east-1';
export const PRICING_ACTION = 'pricing:GetProducts';
const MAX_RESULTS = 100;
const CONCURRENCY = 4;

export interface PriceListRead {
  answers: QueryAnswer[];
  /** GetProducts calls that answered (pages), retries by the SDK not counted. */
  calls: number;
}

/**
 * Runs each query with GetProducts (TERM_MATCH filters, every page via NextToken), trying its
 * filter sets in order until one returns products. Read-only. Throttling is retried by the
 * SDK's standard strategy; any failure left after that (credentials, access denied, network)
 * stops the command with exit 3, naming pricing:GetProducts.
 */
export async function readPriceList(s: AwsSession, queries: readonly PriceListQuery[]): Promise<PriceListRead> {
  const client = track(s, new PricingClient(clientConfig(s, PRICING_ENDPOINT_REGION)));
  let calls = 0;
  const pages = async (serviceCode: string, filters: PriceListQuery['attempts'][number]): Promise<unknown[]> => {
    const entries: unknown[] = [];
    // the SDK's own paginator follows NextToken; mustRead maps what is left after its retries
    await mustRead(s, PRICING_ACTION, async () => {
      for await (const page of paginateGetProducts(
        { client, pageSize: MAX_RESULTS },
        { ServiceCode: serviceCode, Filters: filters, FormatVersion: 'aws_v1' },
      )) {
        calls++;
        entries.push(...((page.PriceList as unknown[] | undefined) ?? []));
      }
    });
    return entries;
  };
  const answers: QueryAnswer[] = new Array(queries.length);
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < queries.length) {
      const i = next++;
      const q = queries[i]!;
      let answer: QueryAnswer = { query: q, attempt: undefined, entries: [] };
      for (let a = 0; a < q.attempts.length; a++) {
        const entries = await pages(q.serviceCode, q.attempts[a]!);
        if (entries.length) {
          answer = { query: q, attempt: a, entries };
          break;
        }
      }
      answers[i] = answer;
    }
  };
  try {
    s.progress(`reading the AWS price list for ${s.region} (${queries.length} GetProducts queries, endpoint ${PRICING_ENDPOINT_REGION})…`);
    await Promise.all(
      Array.from({ length: Math.min(CONCURRENCY, queries.length) }, () =>
        worker().catch((e: unknown) => {
          failed = true;
          throw e;
        }),
      ),
    );
    return { answers, calls };
  } finally {
    client.destroy();
  }
}
