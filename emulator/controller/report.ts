// HintOutcome → HintReport (emulator/report/types.ts): why a Service's slices do or do not carry
// hints, in sentences a platform engineer can act on. Dual-stack Services are decided per family
// (docs/rules.md §5); one report covers both, naming the family only when their outcomes differ.
import type { IPFamily } from '../../host/objects/model.js';
import type { HintReport } from '../document.js';
import type { HintOutcome } from './hints.js';
import { LABEL_ZONE } from '../../host/objects/well-known.js';
import { percent } from './safeguards.js';
import type { ZoneShare } from './capacity.js';
import { DEFAULT_MILLI_CPU } from '../model/node.js';

interface FamilyReport {
  hinted: boolean;
  safeguard: string | null;
  message: string;
  allocation?: Record<string, number>;
}

export function hintReport(
  service: string,
  source: HintReport['source'],
  families: ReadonlyArray<readonly [IPFamily, HintOutcome]>,
): HintReport {
  const reports = families.map(([family, outcome]) => [family, familyReport(outcome)] as const);
  const first = reports[0]![1];
  const alike = reports.every(([, r]) => r.message === first.message && r.safeguard === first.safeguard);
  const hinted = reports.find(([, r]) => r.hinted)?.[1];
  const report: HintReport = {
    service,
    source,
    hinted: hinted !== undefined,
    safeguard: reports.find(([, r]) => r.safeguard !== null)?.[1].safeguard ?? null,
    message: alike ? first.message : reports.map(([family, r]) => `${family}: ${r.message}`).join(' '),
  };
  if (hinted?.allocation) report.allocation = hinted.allocation;
  return report;
}

/** The report of a Service the controller does not manage (no selector, ExternalName). */
export function unmanagedReport(service: string, message: string): HintReport {
  return { service, source: 'none', hinted: false, safeguard: null, message };
}

type AutoOutcome = Extract<HintOutcome, { auto: unknown }>;
type DistributionOutcome = Extract<HintOutcome, { distribution: unknown }>;

function familyReport(outcome: HintOutcome): FamilyReport {
  if ('auto' in outcome) return autoReport(outcome);
  if ('distribution' in outcome) return distributionReport(outcome);
  const note = outcome.mode.annotationNote ? `${outcome.mode.annotationNote} ` : '';
  return {
    hinted: false,
    safeguard: null,
    message: `${note}No hints: no topology annotation set to Auto and no spec.trafficDistribution, so kube-proxy spreads traffic over every ready endpoint.`,
  };
}

/** The `(67% of CPU)` of a zone, naming the nodes whose CPU was assumed (no status.allocatable.cpu). */
function shareOf(share: ZoneShare | undefined): string {
  if (share === undefined) return 'no Ready worker node there';
  const assumed =
    share.defaultedNodes === 0
      ? ''
      : share.defaultedNodes === share.nodes
        ? `; CPU assumed (${DEFAULT_MILLI_CPU / 1000} per node), as no node there reports status.allocatable.cpu`
        : `; ${share.defaultedNodes} of its ${share.nodes} nodes report no status.allocatable.cpu and are assumed to have ${DEFAULT_MILLI_CPU / 1000}`;
  return `${percent(share.ratio)} of CPU${assumed}`;
}

function autoReport({ mode, auto, notReady }: AutoOutcome): FamilyReport {
  const intro = `Annotation ${mode.annotation}=${mode.value} asks for topology-aware hints.`;
  const ignored = mode.ignoredField !== null ? ` spec.trafficDistribution ${mode.ignoredField} is ignored while the annotation is on.` : '';
  if (auto === null) {
    return {
      hinted: false,
      safeguard: null,
      message:
        `${intro} But the TopologyAwareHints feature gate is off in Kubernetes 1.${mode.minor} here, so the EndpointSlice controller keeps no ` +
        'topology cache and writes no hints (it removes any it wrote before); while the annotation says Auto it does not use ' +
        'spec.trafficDistribution either. kube-proxy spreads traffic over every ready endpoint.',
    };
  }
  if (!auto.ok) return { hinted: false, safeguard: auto.safeguard.code, message: `${intro} ${auto.safeguard.message}${ignored}` };

  const shareByZone = new Map(auto.shares.map((s) => [s.zone, s]));
  const split = Object.entries(auto.allocation)
    .map(([zone, count]) => `${zone} ${count} (${shareOf(shareByZone.get(zone))})`)
    .join(', ');
  const movedCount = auto.moves.reduce((sum, m) => sum + m.count, 0);
  const moved =
    movedCount === 0
      ? ' Every endpoint is hinted for its own zone.'
      : ` ${movedCount} endpoint${movedCount === 1 ? ' is' : 's are'} hinted for a zone other than ${movedCount === 1 ? 'its' : 'their'} own, so that zone's clients cross zones to reach ${movedCount === 1 ? 'it' : 'them'}: ` +
        `${auto.moves.map((m) => `${m.count} in ${m.from} serve${m.count === 1 ? 's' : ''} ${m.to}`).join(', ')}.`;
  return {
    hinted: true,
    safeguard: null,
    message: `${intro} ${auto.ready} ready endpoints are shared in proportion to each zone's CPU: ${split}.${moved}${notReadyNote(notReady)}${ignored}`,
    allocation: auto.allocation,
  };
}

function distributionReport({ mode, distribution, notReady }: DistributionOutcome): FamilyReport {
  const field = `spec.trafficDistribution ${mode.value}`;
  const note = mode.annotationNote ? `${mode.annotationNote} ` : '';
  if (distribution === null) {
    const why = mode.unusable ?? 'is not a value the EndpointSlice controller knows';
    return {
      hinted: false,
      safeguard: null,
      message: `${note}${field} ${why}: no hints, so kube-proxy spreads traffic over every ready endpoint.`,
    };
  }
  if (distribution.ready === 0) {
    return { hinted: false, safeguard: null, message: `${note}${field}, but no endpoint is ready, so there is nothing to hint.` };
  }
  const sameNode = mode.heuristic === 'PreferSameNode';
  const what = sameNode
    ? `for its own node and zone: kube-proxy prefers an endpoint on the client's node, then one in the client's zone`
    : `for its own zone: kube-proxy prefers endpoints in the client's zone`;
  const alias = mode.value === 'PreferClose' ? ' (PreferClose is the older name of PreferSameZone)' : '';
  const zoneless =
    distribution.zoneless === 0
      ? ''
      : ` ${distribution.zoneless} ready endpoint${distribution.zoneless === 1 ? ' has' : 's have'} no zone (the node's ${LABEL_ZONE} label is missing or empty) ` +
        `and so no zone hint; while any ready endpoint lacks one, kube-proxy ignores zone hints for the whole Service.`;
  return {
    hinted: true,
    safeguard: null,
    message: `${note}${field}${alias}: each of the ${distribution.ready} ready endpoints is hinted ${what}.${zoneless}${notReadyNote(notReady)}`,
  };
}

const notReadyNote = (n: number) => (n === 0 ? '' : ` ${n} not-ready endpoint${n === 1 ? '' : 's'} carry no hints.`);
