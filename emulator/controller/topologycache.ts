// The proportional-CPU heuristic behind `topology-mode: Auto` (docs/rules.md §5; KEP-2433
// "EndpointSlice Controller", "Overload"). Followed: ESL `topologycache/topologycache.go`
// (AddHints, getAllocations) and `topologycache/utils.go` (getGivingAndReceivingZones, getMost,
// redistributeHints), for slices the controller creates from scratch — no hints carried over from
// unchanged slices. Where upstream iterates a Go map (ties between zones, the zone an endpoint is
// moved to) it picks at random; we pick the first zone by name, so the result is reproducible.
import type { EndpointModel } from '../../host/objects/model.js';
import type { ZoneShare } from './capacity.js';
import { safeguard, type Safeguard, type ZoneMinimum } from './safeguards.js';

/** No endpoint should get more than 20% above its fair share of traffic. */
export const OVERLOAD_THRESHOLD = 0.2;
// Upstream multiplies by this factor rather than dividing by 1.2: the same float64 product keeps
// the ceil() below on the same side of every integer.
const MINIMUM_FACTOR = 1 / (1 + OVERLOAD_THRESHOLD);

interface Allocation extends ZoneMinimum {
  /** The zone's CPU share of the endpoints, raised to its minimum when that is larger. */
  desired: number;
}

/** An endpoint hinted for another zone than its own. */
export interface Move {
  from: string;
  to: string;
  count: number;
}

export type AutoHints =
  | {
      ok: true;
      /** forZones per endpoint, index for index; empty for not-ready endpoints. */
      forZones: string[][];
      /** Endpoints hinted for each zone, keys sorted. */
      allocation: Record<string, number>;
      shares: ZoneShare[];
      moves: Move[];
      ready: number;
    }
  | { ok: false; safeguard: Safeguard };

const isReady = (ep: EndpointModel) => ep.conditions.ready === true;

export function autoHints(endpoints: readonly EndpointModel[], shares: readonly ZoneShare[]): AutoHints {
  const ready = endpoints.filter(isReady).length;
  const allocations = getAllocations(shares, ready);
  if (!Array.isArray(allocations)) return { ok: false, safeguard: allocations };

  // Step 1: every ready endpoint hinted for its own zone; one without a zone stops everything.
  const zoneless = endpoints.filter((ep) => isReady(ep) && ep.zone === null);
  if (zoneless.length > 0) return { ok: false, safeguard: safeguard.endpointWithoutZone(zoneless) };
  const forZones = endpoints.map((ep) => (isReady(ep) ? [ep.zone!] : []));
  const allocated = new Map<string, number>();
  for (const zones of forZones) for (const zone of zones) allocated.set(zone, (allocated.get(zone) ?? 0) + 1);

  // Steps 2 and 3: whole endpoints move from zones above their desired count to zones below it.
  const { giving, receiving } = givingAndReceiving(allocations, allocated);
  const moves = new Map<string, number>();
  for (let i = 0; i < endpoints.length && giving.size > 0 && receiving.size > 0; i++) {
    const ep = endpoints[i]!;
    if (!isReady(ep) || !giving.has(ep.zone!)) continue;
    const from = ep.zone!;
    const to = [...receiving.keys()].sort()[0]!;
    forZones[i] = [to];
    take(giving, from);
    take(receiving, to);
    allocated.set(from, allocated.get(from)! - 1);
    allocated.set(to, (allocated.get(to) ?? 0) + 1);
    moves.set(`${from}\n${to}`, (moves.get(`${from}\n${to}`) ?? 0) + 1);
  }

  return {
    ok: true,
    forZones,
    allocation: Object.fromEntries([...allocated.entries()].sort(([a], [b]) => (a < b ? -1 : 1))),
    shares: [...shares],
    moves: [...moves.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, count]) => {
        const [from, to] = key.split('\n') as [string, string];
        return { from, to, count };
      }),
    ready,
  };
}

/**
 * Per zone: desired = share × ready endpoints; minimum = ⌈desired / 1.2⌉, the fewest endpoints
 * that keep each within the overload threshold. Refused when there are fewer ready endpoints than
 * zones, or the minimums add up to more than there are.
 */
function getAllocations(shares: readonly ZoneShare[], ready: number): Allocation[] | Safeguard {
  if (shares.length > ready)
    return safeguard.tooFewEndpoints(
      ready,
      shares.map((s) => s.zone),
      nextAccepted(shares, ready + 1),
    );
  const allocations = shares.map(({ zone, ratio }): Allocation => {
    const desired = ratio * ready;
    const minimum = Math.ceil(desired * MINIMUM_FACTOR);
    return { zone, ratio, minimum, desired: Math.max(desired, minimum) };
  });
  const total = allocations.reduce((sum, a) => sum + a.minimum, 0);
  if (total > ready) return safeguard.minimumAllocationExceedsThreshold(ready, allocations, nextAccepted(shares, ready + 1));
  return allocations;
}

/**
 * The smallest ready-endpoint count from `from` on that the allocation accepts for these shares.
 * Acceptance is not monotone (shares 2/3 and 1/3 accept 3 endpoints, refuse 4, accept 5), so
 * messages name this count rather than a lower bound; every count from 6 × zones on is accepted.
 */
export function nextAccepted(shares: readonly ZoneShare[], from: number): number {
  for (let n = Math.max(from, shares.length); ; n++) {
    const total = shares.reduce((sum, s) => sum + Math.ceil(s.ratio * n * MINIMUM_FACTOR), 0);
    if (total <= n) return n;
  }
}

/**
 * How many endpoints each zone gives and receives (upstream getGivingAndReceivingZones): the
 * fractional surplus and deficit against `desired`, then one endpoint at a time from the zone with
 * the largest surplus to the zone with the largest deficit, until neither has a whole endpoint to
 * move or either has less than half of one.
 */
function givingAndReceiving(allocations: readonly Allocation[], allocated: ReadonlyMap<string, number>) {
  const surplus = new Map<string, number>();
  const deficit = new Map<string, number>();
  for (const { zone, desired } of allocations) {
    const have = allocated.get(zone) ?? 0;
    if (have > desired) surplus.set(zone, have - desired);
    else if (have < desired) deficit.set(zone, desired - have);
  }
  const giving = new Map<string, number>();
  const receiving = new Map<string, number>();
  for (;;) {
    const from = most(surplus);
    const to = most(deficit);
    if (from === null || to === null) break;
    const give = surplus.get(from)!;
    const need = deficit.get(to)!;
    if ((give < 1 && need < 1) || give < 0.5 || need < 0.5) break;
    giving.set(from, (giving.get(from) ?? 0) + 1);
    surplus.set(from, give - 1);
    receiving.set(to, (receiving.get(to) ?? 0) + 1);
    deficit.set(to, need - 1);
  }
  return { giving, receiving };
}

/** The zone with the largest positive value; ties go to the first by name. */
function most(values: ReadonlyMap<string, number>): string | null {
  let best: string | null = null;
  let bestValue = 0;
  for (const zone of [...values.keys()].sort()) {
    const value = values.get(zone)!;
    if (value > bestValue) {
      best = zone;
      bestValue = value;
    }
  }
  return best;
}

function take(counts: Map<string, number>, zone: string): void {
  const left = counts.get(zone)! - 1;
  if (left === 0) counts.delete(zone);
  else counts.set(zone, left);
}
