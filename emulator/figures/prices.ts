// What cross-zone traffic costs: an editable price table. The defaults are the providers' list
// prices for traffic between availability zones of one region, from their pricing pages (prices
// change: pass your own with `prices`):
//   aws    $0.01 per GB, charged in each direction — the sender pays for data out of its AZ and the
//          receiver for data into its AZ (aws.amazon.com/ec2/pricing/on-demand/, "Data Transfer
//          within the same AWS Region"). GB = 10^9 bytes.
//   gcp    $0.01 per GiB, charged once, as egress of the sending VM (cloud.google.com/vpc/pricing,
//          "VM-VM data transfer within a region, between zones"). GiB = 2^30 bytes.
//   azure  $0: inter-availability-zone data transfer is not charged (azure.microsoft.com/pricing/
//          details/bandwidth; the planned charge was withdrawn in May 2024).
// GB vs GiB matters: $0.01/GB is $0.01074/GiB, 7.4% more per byte than the same figure per GiB.
import { badRequest, fieldError } from '../../host/objects/status.js';

export type Provider = 'aws' | 'gcp' | 'azure';

export interface Price {
  /** `aws`, `gcp`, `azure` or `custom`. */
  provider: string;
  /** The price as quoted, in USD per `unit`. */
  usd: number;
  unit: 'GB' | 'GiB';
  /** Both the sending and the receiving side pay (AWS). */
  billedBothDirections: boolean;
  /** Where the figure comes from. */
  source: string;
}

export const PRICES: Readonly<Record<Provider, Price>> = {
  aws: {
    provider: 'aws',
    usd: 0.01,
    unit: 'GB',
    billedBothDirections: true,
    source: 'aws.amazon.com/ec2/pricing/on-demand (Data Transfer within the same AWS Region)',
  },
  gcp: {
    provider: 'gcp',
    usd: 0.01,
    unit: 'GiB',
    billedBothDirections: false,
    source: 'cloud.google.com/vpc/pricing (VM-VM data transfer within a region, between zones)',
  },
  azure: {
    provider: 'azure',
    usd: 0,
    unit: 'GB',
    billedBothDirections: false,
    source: 'azure.microsoft.com/pricing/details/bandwidth (no inter-availability-zone charge)',
  },
};

export const DEFAULT_PROVIDER: Provider = 'aws';

/** A custom price: `{ usd, unit?, billedBothDirections? }` (unit defaults to GiB, one direction). */
export interface CustomPrice {
  usd: number;
  unit?: 'GB' | 'GiB';
  billedBothDirections?: boolean;
}

const BYTES: Record<Price['unit'], number> = { GB: 1e9, GiB: 2 ** 30 };
export const SECONDS_PER_MONTH = 30 * 24 * 3600;

export function resolvePrice(prices: Provider | CustomPrice | undefined, field = 'prices'): Price {
  if (prices === undefined) return PRICES[DEFAULT_PROVIDER];
  if (typeof prices === 'string') {
    const price = (PRICES as Record<string, Price>)[prices];
    if (price) return price;
    const cause = fieldError.notSupported(field, prices, Object.keys(PRICES));
    throw badRequest(`${field}: ${cause.message}`, [cause]);
  }
  if (typeof prices !== 'object' || prices === null || typeof prices.usd !== 'number' || !Number.isFinite(prices.usd) || prices.usd < 0) {
    const cause = fieldError.invalid(`${field}.usd`, (prices as CustomPrice | null)?.usd, 'must be a price in USD, 0 or more');
    throw badRequest(`${field}.usd: ${cause.message}`, [cause]);
  }
  const unit = prices.unit ?? 'GiB';
  if (unit !== 'GB' && unit !== 'GiB') {
    const cause = fieldError.notSupported(`${field}.unit`, unit, ['GB', 'GiB']);
    throw badRequest(`${field}.unit: ${cause.message}`, [cause]);
  }
  return { provider: 'custom', usd: prices.usd, unit, billedBothDirections: prices.billedBothDirections ?? false, source: 'custom price' };
}

/** USD per GiB, whatever the quoted unit. */
export function pricePerGiB(price: Price): number {
  return (price.usd * 2 ** 30) / BYTES[price.unit];
}

/** Cross-zone cost per month (30 days) of a steady rate of cross-zone bytes per second. */
export function monthlyCost(crossZoneBytesPerSecond: number, price: Price): number {
  const units = (crossZoneBytesPerSecond * SECONDS_PER_MONTH) / BYTES[price.unit];
  return units * price.usd * (price.billedBothDirections ? 2 : 1);
}
