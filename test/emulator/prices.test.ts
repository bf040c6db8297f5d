// The price table (emulator/figures/prices.ts): GB vs GiB and one or two billed directions, checked
// against arithmetic done by hand.
import { describe, expect, it } from 'vitest';
import { isStatusError } from '../../host/objects/status.js';
import { monthlyCost, pricePerGiB, resolvePrice, SECONDS_PER_MONTH } from '../../emulator/index.js';

describe('cross-zone prices', () => {
  it('1 GB/month costs AWS $0.02 (both sides pay $0.01/GB), GCP $0.01 × 10^9/2^30, Azure nothing', () => {
    const gbPerMonth = 1e9 / SECONDS_PER_MONTH;
    expect(monthlyCost(gbPerMonth, resolvePrice('aws'))).toBeCloseTo(0.02, 12);
    expect(monthlyCost(gbPerMonth, resolvePrice('gcp'))).toBeCloseTo(0.01 * (1e9 / 2 ** 30), 12);
    expect(monthlyCost(gbPerMonth, resolvePrice('azure'))).toBe(0);
  });

  it('states every price per GiB: $0.01/GB is $0.0107374182/GiB', () => {
    expect(pricePerGiB(resolvePrice('aws'))).toBeCloseTo(0.010737418, 9);
    expect(pricePerGiB(resolvePrice('gcp'))).toBe(0.01);
    expect(resolvePrice(undefined).provider).toBe('aws');
  });

  it('takes a custom price, GiB and one direction unless told otherwise', () => {
    const price = resolvePrice({ usd: 0.02 });
    expect(price).toMatchObject({ provider: 'custom', unit: 'GiB', billedBothDirections: false });
    expect(monthlyCost(2 ** 30 / SECONDS_PER_MONTH, price)).toBeCloseTo(0.02, 12);
    expect(monthlyCost(1e9 / SECONDS_PER_MONTH, resolvePrice({ usd: 0.01, unit: 'GB', billedBothDirections: true }))).toBeCloseTo(0.02, 12);
  });

  it('refuses an unknown provider or a negative price with a Status naming the field', () => {
    for (const [bad, field] of [
      ['oracle', 'prices'],
      [{ usd: -1 }, 'prices.usd'],
    ] as const) {
      try {
        resolvePrice(bad as never);
        expect.unreachable();
      } catch (e) {
        expect(isStatusError(e) && e.status.details!.causes![0]!.field).toBe(field);
      }
    }
  });
});
