// `tpe slices --check`: the controller's slices (controller-run.ts) against the EndpointSlices the
// input already holds — the user's real ones. Endpoints are matched by address family and address
// (slice names are random upstream, and the controller may lay endpoints out in other slices); for
// each one, what differs in what kube-proxy reads — conditions (as kube-proxy reads them: ready and
// serving absent = true, terminating absent = false), nodeName, zone, zone and node hints — with the
// reason tpe's controller gives, from the pod, its node and the Service's hint report. An endpoint on
// one side only is a difference too. Pure data; text.ts renders it.
import type { EndpointModel, EndpointSliceModel, ServiceModel } from '../../host/objects/model.js';
import type { Cluster } from '../model/cluster.js';
import type { EmuPod } from '../model/types.js';
import { LABEL_ZONE } from '../../host/objects/well-known.js';
import type { ReportWarning } from '../document.js';
import type { ControllerRun } from './controller-run.js';

export type DifferenceField = 'endpoint' | 'conditions' | 'nodeName' | 'zone' | 'hints';

export interface SliceDifference {
  /** `addresses[0]`. */
  endpoint: string;
  addressType: string;
  /** `namespace/name` of the pod behind it, from either side. */
  pod: string | null;
  field: DifferenceField;
  /** The value in the input's slices; `(absent)` when only tpe has the endpoint. */
  input: string;
  /** The value tpe's controller writes; `(absent)` when only the input has the endpoint. */
  tpe: string;
  reason: string;
}

export interface ServiceCheck {
  service: string;
  /** Endpoints compared: those of either side. */
  endpoints: number;
  /** The input had no Pods behind the Service: tpe inferred them from its slices, so only hints are a real comparison. */
  podsInferred: boolean;
  /** Why the controller wrote the hints it did (its hint report). */
  hints: string;
  differences: SliceDifference[];
}

export interface SliceCheckReport {
  kubernetesVersion: string;
  /** The Services compared: those with a selector whose EndpointSlices the input holds. */
  services: ServiceCheck[];
  /** Services with a selector that the input has no EndpointSlices for: nothing to compare. */
  skipped: string[];
  /** Differences over every Service. */
  differences: number;
  warnings: ReportWarning[];
}

const ABSENT = '(absent)';

export function checkSlices(run: ControllerRun): SliceCheckReport {
  const { cluster, slices } = run;
  const warnings = run.warnings.list();
  const inferred = new Set(warnings.filter((w) => w.code === 'InferredPods').map((w) => w.object.replace(/^Service /, '')));
  const hintMessages = new Map(slices.hints().map((h) => [h.service, h.message]));
  const services: ServiceCheck[] = [];
  const skipped: string[] = [];
  for (const service of cluster.services()) {
    if (slices.source(service.key) !== 'controller') continue;
    if (service.givenSlices === null) {
      skipped.push(service.key);
      continue;
    }
    const given = byAddress(service.givenSlices);
    const made = byAddress(slices.slicesOf(service.key));
    const keys = [...new Set([...given.keys(), ...made.keys()])].sort(compareKeys);
    const differences: SliceDifference[] = [];
    for (const key of keys) {
      differences.push(...compare(cluster, service.model, given.get(key), made.get(key), hintMessages.get(service.key) ?? ''));
    }
    services.push({
      service: service.key,
      endpoints: keys.length,
      podsInferred: inferred.has(service.key),
      hints: hintMessages.get(service.key) ?? '',
      differences,
    });
  }
  return {
    kubernetesVersion: run.era.version,
    services,
    skipped,
    differences: services.reduce((n, s) => n + s.differences.length, 0),
    warnings,
  };
}

interface Located {
  addressType: string;
  endpoint: EndpointModel;
}

function byAddress(slices: readonly EndpointSliceModel[]): Map<string, Located> {
  const out = new Map<string, Located>();
  for (const slice of [...slices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (slice.addressType === 'FQDN') continue;
    for (const endpoint of slice.endpoints) {
      const address = endpoint.addresses[0];
      if (address === undefined) continue;
      const key = `${slice.addressType} ${address}`;
      if (!out.has(key)) out.set(key, { addressType: slice.addressType, endpoint });
    }
  }
  return out;
}

// One collator: localeCompare with options builds one per call, which dominated the check at 140,000 endpoints.
const compareKeys = new Intl.Collator('en', { numeric: true }).compare;

/** Conditions as kube-proxy reads them (docs/rules.md §2): ready/serving absent = true, terminating absent = false. */
function conditionsOf(ep: EndpointModel): string {
  const c = ep.conditions;
  return `ready=${c.ready ?? true}, serving=${c.serving ?? true}, terminating=${c.terminating ?? false}`;
}

const hintsOf = (ep: EndpointModel): string => {
  const parts = [];
  if (ep.forZones.length) parts.push(`forZones ${[...ep.forZones].sort().join(', ')}`);
  if (ep.forNodes.length) parts.push(`forNodes ${[...ep.forNodes].sort().join(', ')}`);
  return parts.length ? parts.join('; ') : 'none';
};

function compare(
  cluster: Cluster,
  service: ServiceModel,
  given: Located | undefined,
  made: Located | undefined,
  hintMessage: string,
): SliceDifference[] {
  const any = (made ?? given)!;
  const address = any.endpoint.addresses[0]!;
  const podKey = made?.endpoint.targetPod ?? given?.endpoint.targetPod ?? null;
  const pod = podKey === null ? undefined : cluster.pod(podKey);
  const base = { endpoint: address, addressType: any.addressType, pod: podKey };
  if (!given) {
    return [
      {
        ...base,
        field: 'endpoint',
        input: ABSENT,
        tpe: conditionsOf(made!.endpoint),
        reason:
          `pod ${podKey} on ${made!.endpoint.nodeName ?? 'no node'} matches the Service's selector and has address ${address}, so the controller publishes it; ` +
          "the input's slices do not have it (out of date, or made by another controller)",
      },
    ];
  }
  if (!made) {
    return [
      {
        ...base,
        field: 'endpoint',
        input: conditionsOf(given.endpoint),
        tpe: ABSENT,
        reason: whyNotPublished(service, pod, podKey, address),
      },
    ];
  }
  const out: SliceDifference[] = [];
  const g = given.endpoint;
  const m = made.endpoint;
  if (conditionsOf(g) !== conditionsOf(m)) {
    out.push({
      ...base,
      field: 'conditions',
      input: conditionsOf(g),
      tpe: conditionsOf(m),
      reason: conditionsReason(service, pod, podKey),
    });
  }
  if ((g.nodeName ?? '') !== (m.nodeName ?? '')) {
    out.push({
      ...base,
      field: 'nodeName',
      input: g.nodeName ?? ABSENT,
      tpe: m.nodeName ?? ABSENT,
      reason: `pod ${podKey} runs on ${pod?.nodeName ?? 'no node'} (spec.nodeName)`,
    });
  }
  if ((g.zone ?? '') !== (m.zone ?? '')) {
    out.push({ ...base, field: 'zone', input: g.zone ?? ABSENT, tpe: m.zone ?? ABSENT, reason: zoneReason(cluster, m.nodeName) });
  }
  if (hintsOf(g) !== hintsOf(m)) {
    out.push({ ...base, field: 'hints', input: hintsOf(g), tpe: hintsOf(m), reason: hintMessage });
  }
  return out;
}

function conditionsReason(service: ServiceModel, pod: EmuPod | undefined, podKey: string | null): string {
  if (!pod) return `pod ${podKey ?? '(unknown)'} is not in the input`;
  const state = `pod ${pod.key} is Ready=${pod.ready ? 'True' : 'False'}${pod.terminating ? ' and terminating (deletionTimestamp set)' : ''}`;
  const rule = service.publishNotReadyAddresses
    ? 'with publishNotReadyAddresses the controller writes ready=true for every published pod'
    : 'the controller writes serving = Ready, terminating = deletionTimestamp set, ready = serving and not terminating';
  return `${state}; ${rule}`;
}

function zoneReason(cluster: Cluster, nodeName: string | null): string {
  if (nodeName === null) return 'the endpoint has no node, so no zone';
  const node = cluster.node(nodeName);
  if (!node) return `node ${nodeName} is not in the input`;
  if (!(LABEL_ZONE in node.labels)) return `node ${nodeName} has no ${LABEL_ZONE} label`;
  if (node.labels[LABEL_ZONE] === '') return `node ${nodeName}'s ${LABEL_ZONE} label is empty, which the controller writes as no zone`;
  return `node ${nodeName} is labelled ${LABEL_ZONE}=${node.labels[LABEL_ZONE]}`;
}

function whyNotPublished(service: ServiceModel, pod: EmuPod | undefined, podKey: string | null, address: string): string {
  if (!pod)
    return `no pod of the input is behind it (${podKey === null ? 'no targetRef' : `pod ${podKey} is not in the input`}), so the controller does not publish ${address}`;
  if (pod.namespace !== service.namespace) return `pod ${pod.key} is in another namespace than the Service`;
  const selector = Object.entries(service.selector ?? {});
  if (!selector.every(([k, v]) => pod.labels[k] === v))
    return `pod ${pod.key}'s labels do not match the selector ${selector.map(([k, v]) => `${k}=${v}`).join(',')}`;
  if (pod.phase === 'Succeeded' || pod.phase === 'Failed') return `pod ${pod.key} is ${pod.phase}: the controller drops terminal pods`;
  if (!pod.ips.includes(address)) return `pod ${pod.key} has address ${pod.ips.join(', ') || 'none'} now, not ${address}`;
  return `the controller does not publish pod ${pod.key} (its node is not in the input)`;
}
