import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, InternalError } from '../errors.js';
import { BUNDLED_PRICING_DIR } from './load.js';

/**
 * Facts about each AWS Region, kept beside the price snapshots in `pricing-data/regions.json`: the
 * Price List "location" name, the billing code that prefixes its usage types, and API Gateway's
 * default account throttle (https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html).
 * The one place these live; the test suite validates the file against `regionFactsSchema`.
 */
export interface RegionFacts {
  code: string;
  location: string;
  billingCode: string;
  partition: 'aws' | 'aws-us-gov';
  accountThrottle: { rate: number; burst: number };
}

export interface RegionFactsFile {
  schemaVersion: 1;
  description: string;
  sources: Record<string, string>;
  regions: RegionFacts[];
}

const cache = new Map<string, RegionFactsFile>();

export function loadRegionFacts(root = BUNDLED_PRICING_DIR): RegionFactsFile {
  const hit = cache.get(root);
  if (hit) return hit;
  const file = join(root, 'regions.json');
  let parsed: RegionFactsFile;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as RegionFactsFile;
  } catch (e) {
    throw new InternalError(`cannot read the Region facts ${file}: ${(e as Error).message}`);
  }
  if (parsed?.schemaVersion !== 1 || !Array.isArray(parsed.regions)) throw new InternalError(`${file} is not a Region facts file`);
  cache.set(root, parsed);
  return parsed;
}

export function findRegion(code: string, root?: string): RegionFacts | undefined {
  return loadRegionFacts(root).regions.find((r) => r.code === code);
}

export function knownRegionCodes(root?: string): string[] {
  return loadRegionFacts(root)
    .regions.map((r) => r.code)
    .sort();
}

/** The Region's facts, or an input error (exit 2) listing the Regions that exist. */
export function requireRegion(code: string, where: string, root?: string): RegionFacts {
  const facts = findRegion(code, root);
  if (facts) return facts;
  throw new InputError(`unknown AWS Region "${code}"`, {
    where,
    hint: `known Regions: ${knownRegionCodes(root).join(', ')}`,
  });
}

/** The billing code that prefixes the Region's usage types ("EU" for eu-west-1), or undefined. */
export function billingCode(code: string, root?: string): string | undefined {
  return findRegion(code, root)?.billingCode;
}

export function regionByLocation(location: string, root?: string): RegionFacts | undefined {
  return loadRegionFacts(root).regions.find((r) => r.location === location);
}
