// kube-proxy on every node: one PortView per proxied Service port (port-view.ts), and the indexes
// that keep them current. A Service whose EndpointSlices changed re-evaluates its own ports and no
// others; the node index says which ports a node's own answer depends on (it hosts an endpoint or
// is named by a hint), for surfaces that inspect one node. A node's readiness and cordon are not
// read by kube-proxy (docs/rules.md §1): they reach the views only through the slices the controller
// rewrites, i.e. through the Service path.
import type { Engine } from '../../host/engine/engine.js';
import type { Era } from '../../host/engine/eras.js';
import { notProxiedReason } from '../../host/engine/service-port.js';
import type { DecodedAnswer } from '../../host/engine/decode.js';
import type { Cluster } from '../model/cluster.js';
import type { EmuService } from '../model/types.js';
import type { SliceStore } from '../slices/store.js';
import { answerOf, buildPortView, rowOf, type PortView } from './port-view.js';

export class ProxyViews {
  private readonly byService = new Map<string, PortView[]>();
  private readonly byNode = new Map<number, Set<string>>();
  private sorted: PortView[] | null = null;
  /** Port views (re)built since construction: what the incremental path saves is visible. */
  evaluations = 0;

  constructor(
    private readonly engine: Engine,
    private readonly era: Era,
    private readonly cluster: Cluster,
    private readonly slices: SliceStore,
  ) {}

  buildAll(onService?: (done: number, total: number) => void): void {
    const services = this.cluster.services();
    services.forEach((service, i) => {
      this.evaluate(service.key);
      onService?.(i + 1, services.length);
    });
  }

  /** Re-evaluates the ports of the given Services (slices changed, or the Service itself). Returns the port keys re-evaluated. */
  update(serviceKeys: Iterable<string>): string[] {
    const out: string[] = [];
    for (const key of serviceKeys) out.push(...this.evaluate(key).map((v) => v.key));
    return out.sort();
  }

  /** Every port view, by key. */
  ports(): readonly PortView[] {
    if (!this.sorted) this.sorted = [...this.byService.values()].flat().sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.sorted;
  }

  portsOf(serviceKey: string): readonly PortView[] {
    return this.byService.get(serviceKey) ?? [];
  }

  port(serviceKey: string, port: string | number): PortView | undefined {
    return this.portsOf(serviceKey).find((v) => v.portName === String(port) || v.port.port === Number(port));
  }

  /** Ports whose answer on `nodeName` differs from its zone's (the node hosts an endpoint or a hint names it). */
  portsSpecialTo(nodeName: string): PortView[] {
    const id = this.cluster.nodeId(nodeName);
    const keys = id === undefined ? undefined : this.byNode.get(id);
    return keys ? this.ports().filter((v) => keys.has(v.key)) : [];
  }

  /** The row `nodeName`'s kube-proxy answers `view` from; -1 for an unknown node. */
  row(view: PortView, nodeName: string): number {
    const id = this.cluster.nodeId(nodeName);
    return id === undefined ? -1 : rowOf(view, id, this.cluster.zoneOf);
  }

  /** One node's kube-proxy decision for one port (docs/contracts.md §2's decision part), null for an unknown node. */
  answer(view: PortView, nodeName: string): DecodedAnswer | null {
    const row = this.row(view, nodeName);
    return row < 0 ? null : answerOf(view, row);
  }

  private evaluate(serviceKey: string): PortView[] {
    for (const old of this.byService.get(serviceKey) ?? []) this.unindex(old);
    this.byService.delete(serviceKey);
    this.sorted = null;
    const service = this.cluster.service(serviceKey);
    if (!service) return [];
    if (notProxiedReason(service.model) !== null) return [];
    const slices = this.slices.slicesOf(serviceKey);
    const views = service.model.ports.map((port) => buildPortView(this.engine, this.era, this.cluster, service, port, slices));
    this.evaluations += views.length;
    this.byService.set(serviceKey, views);
    for (const view of views)
      for (const id of view.specialNodes) {
        let set = this.byNode.get(id);
        if (!set) this.byNode.set(id, (set = new Set()));
        set.add(view.key);
      }
    return views;
  }

  private unindex(view: PortView): void {
    for (const id of view.specialNodes) this.byNode.get(id)?.delete(view.key);
  }
}
