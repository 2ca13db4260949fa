import { type Decimal, dec, sum } from '../../money/decimal.js';
import { formatQuantity } from '../../money/format.js';
import type { PriceBook } from '../../prices/price-book.js';
import { ALB_BYTES_PER_GB } from '../alternatives/alb.js';
import { hourClasses, meanRps } from '../traffic.js';
import type { LineItem } from '../types.js';
import type { ApiWorkload, Workload } from '../workload.js';
import { apiKey, evenShares, withShares } from './shares.js';
import { flatLine } from './tiers.js';

/**
 * The Network Load Balancer behind a REST API VPC link (https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-private-integration.html:
 * a REST VPC link targets an NLB). Prices: https://aws.amazon.com/elasticloadbalancing/pricing/
 * (NLB-hour and NLCU-hour). One NLCU per hour buys, for TCP, any one of: 800 new flows per
 * second, 100,000 active flows, 1 GB processed; the dimension that needs most is billed, per
 * hour class as for the ALB.
 */
const NEW_FLOWS_PER_NLCU = dec(800);
const ACTIVE_FLOWS_PER_NLCU = dec(100_000);
const GB_PER_NLCU = dec(1);

export interface NlbHour {
  newFlows: Decimal;
  activeFlows: Decimal;
  processedBytes: Decimal;
  max: Decimal;
}

export function nlbLcuPerHour(
  requestsPerSecond: Decimal,
  bytesPerHour: Decimal,
  requestsPerConnection: Decimal,
  connectionSeconds: Decimal,
): NlbHour {
  const newPerSecond = requestsPerSecond.div(requestsPerConnection);
  const dims = {
    newFlows: newPerSecond.div(NEW_FLOWS_PER_NLCU),
    activeFlows: newPerSecond.times(connectionSeconds).div(ACTIVE_FLOWS_PER_NLCU),
    processedBytes: bytesPerHour.div(ALB_BYTES_PER_GB).div(GB_PER_NLCU),
  };
  const max = [dims.newFlows, dims.activeFlows, dims.processedBytes].reduce((a, b) => (b.gt(a) ? b : a));
  return { ...dims, max };
}

export const NLB_ASSUMPTION =
  'REST API VPC links: each link runs one Network Load Balancer for the whole month (TCP listener), its NLCUs from the traffic of the APIs on it per hour class (new flows = requests ÷ requests per connection, active flows = new flows/s × connection duration, processed bytes = requests × (request + response size), 1 GB = 10^9 bytes as for the ALB); HTTP API VPC links have no charge of their own, and the load balancer they target is not priced here.';

/** NLB-hours and NLCU-hours of one REST VPC link carrying `apis`. */
export function nlbLines(name: string, apis: readonly ApiWorkload[], w: Workload, book: PriceBook): LineItem[] {
  const { shape } = w;
  const keys = apis.map(apiKey);
  const requests = sum(apis.map((a) => a.requestsPerMonth));
  const bytes = sum(apis.map((a) => a.requestsPerMonth.times(a.requestBytes.plus(a.responseBytes))));
  const meanRate = meanRps(requests, shape);
  const meanBytesPerHour = bytes.div(shape.hoursPerMonth);
  const classes = hourClasses(shape).map((c) => ({
    c,
    lcu: nlbLcuPerHour(
      meanRate.times(c.rateFactor),
      meanBytesPerHour.times(c.rateFactor),
      shape.requestsPerConnection,
      shape.connectionSeconds,
    ),
  }));
  const lcuHours = sum(classes.map((x) => x.lcu.max.times(x.c.hours)));
  const q = (d: Decimal) => formatQuantity(d);
  const note = classes
    .map(
      ({ c, lcu }) =>
        `${q(c.hours)} h at ${q(c.rateFactor)}× the mean: ${q(lcu.max)} NLCU/h (new flows ${q(lcu.newFlows)}, active flows ${q(lcu.activeFlows)}, processed bytes ${q(lcu.processedBytes)})`,
    )
    .join('; ');
  return [
    ...withShares(
      [flatLine(book.get('nlb.hours'), shape.hoursPerMonth, `Network Load Balancer of VPC link ${name} (${keys.join(', ')})`)],
      evenShares(keys),
    ),
    ...withShares(
      [flatLine(book.get('nlb.lcu-hours'), lcuHours, `Network Load Balancer capacity units, VPC link ${name}`, note)],
      requests.isZero() ? evenShares(keys) : apis.map((a) => ({ api: apiKey(a), weight: a.requestsPerMonth })),
    ),
  ];
}
