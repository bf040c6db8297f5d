// Topology: which hints kube-proxy honours and which endpoints they leave (docs/rules.md §4,
// docs/eras.md "topologyMode" bullets for 1.24+ and step 3 for 1.21–1.23).
import type { RefContext, RefEndpoint, RefSets } from './types.js';

export type TopologyMode = RefSets['topologyMode'];

export const HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';
export const MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';

export function readyEndpoints(list: RefEndpoint[]): RefEndpoint[] {
  return list.filter((ep) => ep.ready);
}

// ---- annotations ----

/** 1.21: the hints annotation is exactly `auto`. */
export function annotationEnables121(annotations: Record<string, string>): boolean {
  return annotations[HINTS_ANNOTATION] === 'auto';
}

/** 1.22–1.26: the hints annotation is exactly `Auto` or `auto`. */
export function annotationEnables122to126(annotations: Record<string, string>): boolean {
  const value = annotations[HINTS_ANNOTATION];
  return value === 'Auto' || value === 'auto';
}

/** 1.27+: the deprecated key, or when that is absent/empty the topology-mode key. */
export function annotationValue127(annotations: Record<string, string>): string {
  const deprecated = annotations[HINTS_ANNOTATION];
  if (deprecated !== undefined && deprecated !== '') return deprecated;
  return annotations[MODE_ANNOTATION] ?? '';
}

/** 1.27+: any value other than `""`, `disabled`, `Disabled` enables hints. */
export function annotationEnables127(annotations: Record<string, string>): boolean {
  const value = annotationValue127(annotations);
  return value !== '' && value !== 'disabled' && value !== 'Disabled';
}

// ---- hint checks over Ready endpoints ----

/** Every Ready endpoint has ≥1 zone hint, and some Ready endpoint is hinted for `zone`. */
export function zoneHintsSelectZone(list: RefEndpoint[], zone: string): boolean {
  const ready = readyEndpoints(list);
  if (!ready.every((ep) => ep.zoneHints.length > 0)) return false;
  return ready.some((ep) => ep.zoneHints.includes(zone));
}

/** Every Ready endpoint has ≥1 node hint, and some Ready endpoint is hinted for `nodeName`. */
export function nodeHintsSelectNode(list: RefEndpoint[], nodeName: string): boolean {
  const ready = readyEndpoints(list);
  if (!ready.every((ep) => ep.nodeHints.length > 0)) return false;
  return ready.some((ep) => ep.nodeHints.includes(nodeName));
}

// ---- 1.24 and newer ----

/** 1.24–1.32: whether kube-proxy looks at zone hints at all (gates and annotation). */
export function zoneHintsHonoured124to132(ctx: RefContext): boolean {
  const { gates, minor, annotations } = ctx;
  if (minor <= 26) return gates.TopologyAwareHints && annotationEnables122to126(annotations);
  if (minor <= 29) return gates.TopologyAwareHints && annotationEnables127(annotations);
  if (!gates.TopologyAwareHints && !gates.ServiceTrafficDistribution) return false;
  // With ServiceTrafficDistribution on the annotation is not needed (1.30–1.32).
  return gates.ServiceTrafficDistribution || annotationEnables127(annotations);
}

/** 1.24–1.32: PreferSameZone or None; the node's zone must be non-empty. */
export function topologyMode124to132(list: RefEndpoint[], ctx: RefContext): TopologyMode {
  if (!zoneHintsHonoured124to132(ctx)) return 'None';
  if (ctx.zone === '') return 'None';
  return zoneHintsSelectZone(list, ctx.zone) ? 'PreferSameZone' : 'None';
}

/** 1.33+: node hints (gate on), then zone hints; no annotation, gate or non-empty-zone check. */
export function topologyMode133(list: RefEndpoint[], ctx: RefContext): TopologyMode {
  if (ctx.gates.PreferSameTrafficDistribution && nodeHintsSelectNode(list, ctx.nodeName)) return 'PreferSameNode';
  if (zoneHintsSelectZone(list, ctx.zone)) return 'PreferSameZone';
  return 'None';
}

export function topologyMode(list: RefEndpoint[], ctx: RefContext): TopologyMode {
  return ctx.minor >= 33 ? topologyMode133(list, ctx) : topologyMode124to132(list, ctx);
}

/** Whether an endpoint is available under the chosen mode (docs/rules.md §3.2b). */
export function availableForMode(ep: RefEndpoint, mode: TopologyMode, ctx: RefContext): boolean {
  if (mode === 'PreferSameNode') return ep.nodeHints.includes(ctx.nodeName);
  if (mode === 'PreferSameZone') return ep.zoneHints.includes(ctx.zone);
  return true;
}

// ---- 1.21–1.23: the hints filter of the one list (docs/eras.md step 3) ----

export interface HintsFilterResult {
  list: RefEndpoint[];
  /** True when the hints chose a subset (topologyMode PreferSameZone). */
  filtered: boolean;
}

/** 1.21: `auto`, zone set, every endpoint (ready or not) hinted; the hinted ones, or everything. */
export function hintsFilter121(list: RefEndpoint[], ctx: RefContext): HintsFilterResult {
  const unfiltered = { list, filtered: false };
  if (!annotationEnables121(ctx.annotations)) return unfiltered;
  if (ctx.zone === '') return unfiltered;
  if (!list.every((ep) => ep.zoneHints.length > 0)) return unfiltered;
  const hinted = list.filter((ep) => ep.zoneHints.includes(ctx.zone));
  if (hinted.length === 0) return unfiltered;
  return { list: hinted, filtered: true };
}

/** 1.22–1.23: `Auto`/`auto`, zone set, Ready endpoints hinted and one for the zone ⇒ those Ready ones. */
export function hintsFilter122(list: RefEndpoint[], ctx: RefContext): HintsFilterResult {
  const unfiltered = { list, filtered: false };
  if (!annotationEnables122to126(ctx.annotations)) return unfiltered;
  if (ctx.zone === '') return unfiltered;
  if (!zoneHintsSelectZone(list, ctx.zone)) return unfiltered;
  return { list: readyEndpoints(list).filter((ep) => ep.zoneHints.includes(ctx.zone)), filtered: true };
}
