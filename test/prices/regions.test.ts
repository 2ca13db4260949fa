import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dec } from '../../src/money/decimal.js';
import { PRICE_SPECS } from '../../src/models/pricing-list/catalog.js';
import { BUNDLED_PRICING_DIR, loadIndex, loadPriceBook } from '../../src/prices/load.js';
import { billingCode, loadRegionFacts, regionByLocation, requireRegion } from '../../src/prices/regions.js';
import { indexSchema, regionFactsSchema, type SnapshotJson } from '../../src/prices/schema.js';
import { buildLimits } from '../../src/traffic/limits.js';
import { runCli } from '../helpers/cli.js';

const index = loadIndex();
const snapshot = (region: string) => JSON.parse(readFileSync(join(BUNDLED_PRICING_DIR, 'aws', `${region}.json`), 'utf8')) as SnapshotJson;
const usEast1Ids = snapshot('us-east-1').prices.map((p) => p.id);

describe('every bundled Region', () => {
  it('index.json matches its schema and lists exactly the snapshot files', () => {
    expect(indexSchema.safeParse(index).success).toBe(true);
    const files = readdirSync(join(BUNDLED_PRICING_DIR, 'aws'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => f.slice(0, -5))
      .sort();
    expect(index.snapshots.map((s) => s.region).sort()).toEqual(files);
  });

  it.each(index.snapshots.map((s) => s.region))(
    '%s: tiers contiguous from 0, every price positive (free tiers excepted), usage types under its billing code',
    (region) => {
      const snap = snapshot(region);
      const code = billingCode(region)!;
      for (const p of snap.prices) {
        expect(p.tiers[0]!.from, p.id).toBe('0');
        expect(p.tiers.at(-1)!.to, `${p.id}: last tier open-ended`).toBeNull();
        p.tiers.forEach((t, i) => {
          if (i > 0) expect(t.from, `${p.id} tier ${i}`).toBe(p.tiers[i - 1]!.to);
          if (t.to !== null) expect(dec(t.to).gt(dec(t.from)), `${p.id} tier ${i}`).toBe(true);
          // the only $0 tiers: Cognito Lite/Essentials's first 10,000 MAU, and the requests AWS WAF Bot Control analyses
          // for free each month (10M at the common level, 1M at the targeted level)
          const free =
            (p.id.startsWith('cognito.') && i === 0 && t.to === '10000') ||
            (p.id === 'waf.bot-control.common.requests' && i === 0 && t.to === '10000000') ||
            (p.id === 'waf.bot-control.targeted.requests' && i === 0 && t.to === '1000000');
          expect(dec(t.usdPerUnit).gt(0) || free, `${region} ${p.id} tier ${i} $${t.usdPerUnit}`).toBe(true);
        });
        if (!(region === 'us-east-1' && p.id.startsWith('ec2.')))
          expect(p.usageType.startsWith(`${code}-`), `${p.id} ${p.usageType}`).toBe(true);
        expect(p.source.publicationDate, p.id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    },
  );

  const usEast1 = snapshot('us-east-1');
  const feedUrl = /^https:\/\/b0\.p\.awsstatic\.com\/pricing\/2\.0\/meteredUnitMaps\/[a-z0-9]+\/USD\/current\/[a-z0-9]+\.json$/;
  it.each(index.snapshots.map((s) => s.region))(
    '%s: provenance: the feed prices keep their SKU; only Cognito prices are assumed, equal to us-east-1 and without a SKU',
    (region) => {
      const snap = snapshot(region);
      for (const p of snap.prices) {
        const s = p.source;
        if (s.status === 'aws-pricing-feed') {
          expect(s.url, p.id).toMatch(feedUrl);
          // data transfer and EC2 exist only in the mirror's processed form, without rateCodes
          if (!/\/(datatransfer|ec2)\.json$/.test(s.url)) expect(p.sku, `${region} ${p.id}`).toMatch(/^[A-Z0-9]{16}$/);
        } else if (s.status === 'assumed') {
          // plan MAU: the feed predates the plans; M2M: the feed lacks the Region (see the uniformity test below)
          expect(p.id).toMatch(/^cognito\.((lite|essentials|plus)\.mau|m2m\.(app-clients|token-requests))$/);
          expect(region).not.toBe('us-east-1');
          expect(s.note).toContain('assumed equal to us-east-1');
          expect(p.sku, `${region} ${p.id}: us-east-1's SKU is not this Region's`).toBeUndefined();
          const original = usEast1.prices.find((q) => q.id === p.id)!;
          expect(p.tiers, `${region} ${p.id}`).toEqual(original.tiers);
          if (p.id.startsWith('cognito.m2m.')) {
            expect(s.url).toMatch(feedUrl);
            expect(s.note).toContain(`us-east-1 SKU ${original.sku}`);
          }
        } else if (p.id.startsWith('cloudwatch.')) {
          // no feed has CloudWatch: us-east-1 only, from quotes of AWS's page, marked as such
          expect(region).toBe('us-east-1');
          expect([s.url, ['third-party', 'aws-only'].includes(s.status)]).toEqual(['https://aws.amazon.com/cloudwatch/pricing/', true]);
        } else {
          expect([region, s.status]).toEqual(['us-east-1', 'verified']);
        }
      }
    },
  );

  it('index coverage and "missing" agree with the snapshots: complete = every price but the instance types AWS does not offer there', () => {
    for (const s of index.snapshots) {
      const ids = snapshot(s.region).prices.map((p) => p.id);
      // CloudWatch has no source outside us-east-1: its absence is in the snapshot's notes, not in "missing"
      const absent = usEast1Ids.filter((id) => !ids.includes(id) && !id.startsWith('cloudwatch.'));
      expect(absent.sort(), s.region).toEqual([...s.missing.map((m) => m.id), ...s.notOffered].sort());
      expect(
        s.notOffered.every((id) => (id.startsWith('ec2.') && id !== 'ec2.c6g-large.hours') || id.startsWith('waf.bot-control.')),
        s.region,
      ).toBe(true);
      if (s.region !== 'us-east-1')
        expect(
          snapshot(s.region).notes.some((n) => n.startsWith('Not priced here: cloudwatch.logs.ingestion')),
          s.region,
        ).toBe(true);
      expect(s.coverage, s.region).toBe(s.missing.length === 0 ? 'complete' : 'partial');
      expect(snapshot(s.region).coverage).toBe(s.coverage);
      const assumed = snapshot(s.region)
        .prices.filter((p) => p.source.status === 'assumed')
        .map((p) => p.id);
      expect(s.assumed, `${s.region}: index "assumed" = the snapshot's prices with status "assumed"`).toEqual(assumed);
    }
  });

  it('assuming us-east-1 M2M prices elsewhere holds in the data: every Region whose feed has M2M prices has the same ones', () => {
    // checked on the built snapshots, not the build script's own test: an M2M price from the feed that
    // differs from us-east-1's anywhere would make the assumption unfounded
    let fromFeed = 0;
    for (const id of ['cognito.m2m.app-clients', 'cognito.m2m.token-requests']) {
      const reference = usEast1.prices.find((p) => p.id === id)!.tiers;
      for (const s of index.snapshots) {
        const p = snapshot(s.region).prices.find((q) => q.id === id);
        if (p?.source.status !== 'aws-pricing-feed') continue;
        expect(p.tiers, `${s.region} ${id}`).toEqual(reference);
        fromFeed++;
      }
    }
    expect(fromFeed).toBeGreaterThanOrEqual(2 * 29);
  });

  it('counts the complete Regions (at least 30) and names the incomplete ones with the reason', () => {
    // derived from the snapshots: a Region is complete when it has every price us-east-1 has, apart from the
    // instance types AWS does not offer there; assumed prices count (they are printed as assumed)
    const incomplete: Record<string, string[]> = {};
    for (const s of index.snapshots) {
      const ids = snapshot(s.region).prices.map((p) => p.id);
      // CloudWatch has no source outside us-east-1 (said in each snapshot's notes, checked above): not a gap of the feed
      const gaps = usEast1Ids.filter((id) => !ids.includes(id) && !s.notOffered.includes(id) && !id.startsWith('cloudwatch.'));
      if (gaps.length) incomplete[s.region] = gaps.map((id) => `${id}: ${s.missing.find((m) => m.id === id)?.reason ?? 'no reason given'}`);
    }
    const complete = index.snapshots.filter((s) => !(s.region in incomplete));
    const report = Object.entries(incomplete)
      .map(([region, gaps]) => `${region}:\n  ${gaps.join('\n  ')}`)
      .join('\n');
    expect(complete.length, `${complete.length} of ${index.snapshots.length} complete; incomplete:\n${report}`).toBeGreaterThanOrEqual(30);
    expect(
      complete.map((s) => s.region),
      'the index calls exactly these complete',
    ).toEqual(index.snapshots.filter((s) => s.coverage === 'complete').map((s) => s.region));
    for (const gaps of Object.values(incomplete))
      for (const g of gaps) expect(g, 'each gap names its reason').toMatch(/^[a-z0-9.-]+: .*not in the feed for .+ \(\w+ feed\)/);
    // Cognito M2M is the same price in every Region the feed covers, so it is assumed rather than left a gap;
    // the gaps left are prices that vary by Region (API Gateway HTTP/WebSocket, WAF), which are never assumed
    expect(
      Object.values(incomplete)
        .flat()
        .filter((g) => g.startsWith('cognito.')),
    ).toEqual([]);
  });

  it('the catalog pricing refresh uses covers every bundled price id but Bot Control (no usage type in any source)', () => {
    expect(PRICE_SPECS.map((s) => s.id).sort()).toEqual([...usEast1Ids].filter((id) => !id.startsWith('waf.bot-control.')).sort());
  });
});

describe('Region facts (pricing-data/regions.json)', () => {
  const facts = loadRegionFacts();
  it('match their schema; codes, locations and billing codes are unique', () => {
    expect(regionFactsSchema.safeParse(facts).success).toBe(true);
    for (const key of ['code', 'location', 'billingCode'] as const)
      expect(new Set(facts.regions.map((r) => r[key])).size).toBe(facts.regions.length);
  });
  it('every bundled snapshot has its Region, with the same location name', () => {
    for (const s of index.snapshots) expect(regionByLocation(s.location)?.code).toBe(s.region);
  });
  it('Location name ↔ Region code as the offer files pair them', () => {
    // the 2026 offer files above: "EU (London)" with "eu-west-2"; the eu-west-1 extract names "EU (Ireland)"
    expect(regionByLocation('EU (London)')!.code).toBe('eu-west-2');
    expect(regionByLocation('EU (Ireland)')!.code).toBe('eu-west-1');
    expect(billingCode('eu-west-1')).toBe('EU');
    expect(billingCode('ap-northeast-1')).toBe('APN1');
    expect(billingCode('ap-south-1')).toBe('APS3');
    expect(billingCode('xx-nowhere-1')).toBeUndefined();
    expect(billingCode('toString')).toBeUndefined();
  });
  it('the account throttle default is 2,500/1,250 exactly in the Regions AWS lists, 10,000/5,000 elsewhere', () => {
    // https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html (read 2026-11-29): "For the following Regions, the
    // default throttle quota is 2500 RPS and the default burst quota is 1250 RPS: Africa (Cape Town), Europe (Milan), Asia Pacific
    // (Jakarta), Middle East (UAE), Asia Pacific (Hyderabad), Asia Pacific (Melbourne), Europe (Spain), Europe (Zurich), Israel
    // (Tel Aviv), Canada West (Calgary), Asia Pacific (Malaysia), Asia Pacific (Thailand), and Mexico (Central)."
    const lower = [
      'af-south-1',
      'eu-south-1',
      'ap-southeast-3',
      'me-central-1',
      'ap-south-2',
      'ap-southeast-4',
      'eu-south-2',
      'eu-central-2',
      'il-central-1',
      'ca-west-1',
      'ap-southeast-5',
      'ap-southeast-7',
      'mx-central-1',
    ];
    for (const r of facts.regions)
      expect([r.code, r.accountThrottle]).toEqual([
        r.code,
        lower.includes(r.code) ? { rate: 2500, burst: 1250 } : { rate: 10000, burst: 5000 },
      ]);
    expect(buildLimits(undefined, { region: 'eu-south-2' }).account).toEqual({ rate: 2500, burst: 1250, origin: 'default' });
    expect(buildLimits(undefined, { region: 'eu-west-1' }).account).toEqual({ rate: 10000, burst: 5000, origin: 'default' });
  });
  it('an unknown Region is an input error listing the known ones, never a default', () => {
    expect(() => requireRegion('xx-west-9', '--region')).toThrow(/unknown AWS Region "xx-west-9"/);
    expect(() => buildLimits(undefined, { region: 'xx-west-9' })).toThrow(/unknown AWS Region/);
    expect(() => buildLimits({ region: 'eu-west-9', stages: [], usagePlans: [] } as never, {})).toThrow(/unknown AWS Region "eu-west-9"/);
  });
  it('simulate --region with an unknown Region exits 2 with the list', async () => {
    const r = await runCli(['simulate', '--traffic', 'examples/traffic/orders-2h.csv', '--region', 'xx-west-9']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown AWS Region "xx-west-9"');
    expect(r.stderr).toMatch(/known Regions: af-south-1, .*eu-west-1, .*us-west-2/);
  });
});

describe('the Must-show figures, end to end', () => {
  it('eu-west-1: 500M REST requests = 333M × $3.50 + 167M × $3.19 per million = $1,698.23', async () => {
    const r = await runCli([
      'estimate',
      '--region',
      'eu-west-1',
      '--requests',
      '500M',
      '--api-type',
      'rest',
      '--response-size',
      '0B',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    const rest = JSON.parse(r.stdout).options.find((o: { id: string }) => o.id === 'rest');
    const lines = rest.lines.filter((l: { component: string }) => l.component === 'REST API requests');
    expect(lines.map((l: { quantity: string; unitPriceUsd: string; costUsd: string }) => [l.quantity, l.unitPriceUsd, l.costUsd])).toEqual([
      ['333000000', '0.0000035', '1165.5'],
      ['167000000', '0.00000319', '532.73'],
    ]);
    expect(rest.monthlyUsd).toBe('1698.23');
  });
  it('sa-east-1: 100M HTTP requests = $159.00', async () => {
    const r = await runCli([
      'estimate',
      '--region',
      'sa-east-1',
      '--requests',
      '100M',
      '--api-type',
      'http',
      '--response-size',
      '0B',
      '--format',
      'json',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).options.find((o: { id: string }) => o.id === 'http').monthlyUsd).toBe('159.00');
  });
  it("eu-central-1's first REST tier is $3.70 per million", async () => {
    const book = await loadPriceBook('eu-central-1');
    expect(book.get('apigw.rest.requests').tiers[0]!.usdPerUnit.times(1e6).toFixed()).toBe('3.7');
  });
});
