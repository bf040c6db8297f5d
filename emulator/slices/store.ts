// Each Service's EndpointSlices, as kube-proxy's cache would hold them: the input's own slices while
// nothing has touched the Service, else (or with generateSlices) those the emulator's EndpointSlice
// controller makes from the pods (docs/rules.md §5). A Service without a selector keeps its given
// slices for ever: Kubernetes leaves hand-managed slices alone. `update` re-reconciles only the
// Services a change touched and says which Services' slices actually changed.
import type { EndpointSliceModel } from '../../host/objects/model.js';
import type { Era } from '../../host/engine/eras.js';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE, hasSelector } from '../../host/objects/well-known.js';
import type { ControllerInput, ReconcileEndpointSlices } from '../controller/types.js';
import { zoneCapacity } from '../controller/capacity.js';
import { annotationIgnored } from '../controller/mode.js';
import type { Cluster, ClusterChanges } from '../model/cluster.js';
import type { EmuService } from '../model/types.js';
import type { HintReport } from '../document.js';
import type { Warnings } from '../../host/cluster/warnings.js';

export type SliceSource = 'given' | 'controller';

interface Entry {
  slices: readonly EndpointSliceModel[];
  source: SliceSource;
  hints: HintReport | null;
  /** Serialized slices: a re-reconcile that changes nothing does not re-evaluate the views. */
  fingerprint: string;
}

export class SliceStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly cluster: Cluster,
    private readonly era: Era,
    private readonly reconcile: ReconcileEndpointSlices,
    private readonly generateSlices: boolean,
    private readonly warnings: Warnings,
  ) {}

  /** Every Service's slices, from scratch. `onService` reports progress. */
  buildAll(onService?: (done: number, total: number) => void): void {
    const services = this.cluster.services();
    for (const service of services) {
      const ignored = annotationIgnored(service.model, this.era.minor);
      if (ignored) this.warnings.add('TopologyAnnotationIgnored', `Service ${service.key}`, `${ignored.reason}.`);
    }
    const shared = this.sharedInputs();
    services.forEach((service, i) => {
      // Hand-managed slices (no selector) are never the controller's, generateSlices or not.
      this.entries.set(service.key, this.sliceService(service, !this.generateSlices || !hasSelector(service.model), shared));
      onService?.(i + 1, services.length);
    });
  }

  slicesOf(serviceKey: string): readonly EndpointSliceModel[] {
    return this.entries.get(serviceKey)?.slices ?? [];
  }

  source(serviceKey: string): SliceSource | null {
    return this.entries.get(serviceKey)?.source ?? null;
  }

  /** The controller's hint reports, by Service key (Services whose slices it made). */
  hints(): HintReport[] {
    const out: HintReport[] = [];
    for (const [key, entry] of [...this.entries].sort(([a], [b]) => (a < b ? -1 : 1)))
      if (entry.hints) out.push({ ...entry.hints, service: key });
    return out;
  }

  /**
   * Re-reconciles the Services `changes` touch: those whose pods changed or that were patched, and
   * for a node change, those with pods on the node plus those whose hints may read node readiness
   * and CPU (a topology annotation is set). Returns the Services whose slices changed.
   */
  update(changes: ClusterChanges): Set<string> {
    const touched = new Set([...changes.services, ...changes.patched]);
    if (changes.nodes.size > 0) {
      for (const name of changes.nodes)
        for (const pod of this.cluster.podsOnNode(name)) for (const key of this.cluster.servicesOf(pod)) touched.add(key);
      for (const service of this.cluster.services()) {
        const a = service.model.annotations;
        if (a[ANNOTATION_TOPOLOGY_MODE] !== undefined || a[ANNOTATION_TOPOLOGY_AWARE_HINTS] !== undefined) touched.add(service.key);
      }
    }
    const changed = new Set<string>();
    const shared = this.sharedInputs();
    for (const key of [...touched].sort()) {
      const service = this.cluster.service(key);
      if (!service) continue;
      const before = this.entries.get(key);
      const keepGiven = before?.source === 'given' && !hasSelector(service.model);
      const after = this.sliceService(service, keepGiven, shared);
      if (before?.source === 'given' && after.source === 'controller') {
        this.warnings.add(
          'SlicesRegenerated',
          `Service ${key}`,
          "an event changed this Service's pods: from then on its EndpointSlices are the emulator controller's, not the input's",
        );
      }
      this.entries.set(key, after);
      if (!before || before.fingerprint !== after.fingerprint) changed.add(key);
    }
    return changed;
  }

  /**
   * New EndpointSlices for a Service from outside (an edited or watched input): from now on they are
   * its slices, as given. Returns whether they differ from the slices it had.
   */
  replaceGiven(serviceKey: string, slices: readonly EndpointSliceModel[]): boolean {
    const service = this.cluster.service(serviceKey);
    if (!service) return false;
    service.givenSlices = [...slices].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const before = this.entries.get(serviceKey);
    const after = this.sliceService(service, true, this.sharedInputs());
    this.entries.set(serviceKey, after);
    return !before || before.fingerprint !== after.fingerprint;
  }

  /**
   * What every Service's reconcile reads of the nodes, computed once per pass instead of once per
   * Service (at 5,000 nodes and 10,000 Services, the per-call index alone was most of the time).
   */
  private sharedInputs(): Pick<ControllerInput, 'nodesByName' | 'zoneCapacity'> {
    const nodes = this.cluster.nodes;
    return { nodesByName: new Map(nodes.map((n) => [n.name, n])), zoneCapacity: zoneCapacity(nodes) };
  }

  private sliceService(service: EmuService, useGiven: boolean, shared: Pick<ControllerInput, 'nodesByName' | 'zoneCapacity'>): Entry {
    if (useGiven && service.givenSlices !== null) {
      return { slices: service.givenSlices, source: 'given', hints: null, fingerprint: JSON.stringify(service.givenSlices) };
    }
    const { slices, hints } = this.reconcile({
      service,
      pods: this.cluster.podsOfService(service.model),
      nodes: this.cluster.nodes,
      ...shared,
      era: this.era,
    });
    return { slices, source: 'controller', hints, fingerprint: JSON.stringify(slices) };
  }
}
