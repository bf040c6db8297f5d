// The Envoy filter's cluster image (surfaces/envoy): one node's view of a snapshot, compiled to the
// bytes the filter reads in place. Each Service port carries its endpoints exactly as the engine
// reads them (host/engine/encode.ts, the same interners for every port), its endpoint keys, its
// ClientIP affinity and the two 503 Statuses the pick route would give from this node; a sorted route
// table names the port for each `:authority` a client may use. The filter runs the engine's own
// `prepare`/`decide` over it — the decision is made in Envoy, not here.
//
// Layout (little-endian u32 words; offsets from the start; u32 arrays 4-aligned), mirrored by
// surfaces/envoy/filter/image.ts:
//   header  magic "TPEI", version 1, length, mode (0 internal, 1 external), node (off, len),
//           node id, zone id, zone limit, node limit, ports (count, off), routes (count, off),
//           snapshot revision, 0
//   port    minor, gates, service, annHints, annMode, n, zone hints, node hints, cond (u8[n]),
//           node ids, zone-hint starts, zone-hint ids, node-hint starts, node-hint ids,
//           keys (u32[2n] off, len), affinity timeout s (0: none), drop body, reject body, scope
//           (off, len each)
//   route   key (off, len), port index
import type { Engine } from '../engine/engine.js';
import { encodePort, freshNames } from '../engine/encode.js';
import { portRequestFor, type PortRequest } from '../engine/request.js';
import type { IPFamily, ServiceModel, ServicePortModel } from '../objects/model.js';
import { badRequest, fieldError, statusError } from '../objects/status.js';
import { affinityTimeout, endpointNodes, unavailableStatus, type Traffic } from './pick.js';
import { slicesOf, type ClusterSnapshot } from './snapshot.js';

export type ImageMode = Traffic;

export interface ImageOptions {
  /** The cluster's DNS domain (kubelet --cluster-domain); default cluster.local. */
  clusterDomain?: string;
  /** Stamped into the image for logs (the snapshot revision it was compiled from). */
  revision?: number;
}

export const IMAGE_MAGIC = 0x49455054; // "TPEI"
export const IMAGE_VERSION = 1;
const HEADER_WORDS = 16;
const PORT_WORDS = 22;
const ROUTE_WORDS = 3;

interface CompiledPort {
  request: PortRequest;
  scope: string;
  dropBody: string;
  rejectBody: string;
  affinity: number;
}

/** The `:authority` forms that name a Service port: its DNS names and addresses with the port (and without, for 80). */
function authorities(service: ServiceModel, port: ServicePortModel, mode: ImageMode, domain: string): string[] {
  const names = [
    `${service.name}.${service.namespace}.svc.${domain}`,
    `${service.name}.${service.namespace}.svc`,
    `${service.name}.${service.namespace}`,
  ];
  const hosts = [...names];
  const address = (ip: string) => (ip.includes(':') ? `[${ip}]` : ip);
  if (mode === 'internal') {
    if (service.clusterIP !== '' && service.clusterIP !== 'None') hosts.push(address(service.clusterIP));
  } else {
    for (const ing of service.loadBalancerIngress) {
      if (ing.ip !== null) hosts.push(address(ing.ip));
      if (ing.hostname !== null) hosts.push(ing.hostname);
    }
    for (const ip of service.externalIPs) hosts.push(address(ip));
  }
  const keys = hosts.map((h) => `${h}:${port.port}`.toLowerCase());
  // An HTTP client leaves the default port out of Host.
  if (port.port === 80) keys.push(...hosts.map((h) => h.toLowerCase()));
  return keys;
}

/**
 * Compiles `snapshot` for the filter on node `nodeName`: `internal` for a sidecar or node proxy
 * (ClusterIP traffic, internalTrafficPolicy), `external` for an ingress on the node (NodePort,
 * load-balancer and external IPs: externalTrafficPolicy; only externally accessible ports).
 * Services kube-proxy does not proxy (headless, ExternalName) and non-TCP ports are left out: their
 * requests pass through. An `:authority` two ports claim goes to the first in name order.
 */
export function compileImage(
  engine: Engine,
  snapshot: ClusterSnapshot,
  nodeName: string,
  mode: ImageMode,
  options: ImageOptions = {},
): Uint8Array {
  const node = snapshot.nodes.get(nodeName);
  if (!node) {
    const known = [...snapshot.nodes.keys()];
    throw statusError(
      'NotFound',
      404,
      `nodes ${JSON.stringify(nodeName)} not found in the cluster snapshot (from ${snapshot.source}); known nodes: ${known.slice(0, 10).join(', ')}${known.length > 10 ? `, … (${known.length} in all)` : ''}`,
      { kind: 'nodes', name: nodeName },
    );
  }
  if (mode !== 'internal' && mode !== 'external') {
    const cause = fieldError.notSupported('mode', mode, ['internal', 'external']);
    throw badRequest(`mode: ${cause.message}`, [cause]);
  }
  const domain = options.clusterDomain ?? 'cluster.local';
  const abi = engine.kernel.abi;
  const names = freshNames();
  const nodeId = names.nodeNames.id(node.name);
  const zoneId = names.zones.id(node.zone);

  const ports: CompiledPort[] = [];
  const routes = new Map<string, number>();
  for (const service of snapshot.services.values()) {
    if (service.type === 'ExternalName' || service.clusterIP === 'None') continue;
    const family: IPFamily = service.ipFamilies[0] ?? 'IPv4';
    for (const port of service.ports) {
      if (port.protocol !== 'TCP') continue;
      const request = portRequestFor({
        era: snapshot.era,
        service,
        slices: slicesOf(snapshot, service),
        port: port.name !== '' ? port.name : port.port,
        ipFamily: family,
      });
      if (mode === 'external' && !request.facts.externallyAccessible) continue;
      const result = {
        service: `${service.namespace}/${service.name}`,
        port: port.name !== '' ? port.name : String(port.port),
        node: node.name,
      };
      const holders = endpointNodes(request.endpoints);
      const index = ports.length;
      ports.push({
        request,
        scope: `${node.name}\0${result.service}\0${result.port}\0${family}`,
        dropBody: JSON.stringify(unavailableStatus('drop', mode, result, service, holders).status),
        rejectBody: JSON.stringify(unavailableStatus('reject', mode, result, service, holders).status),
        affinity: affinityTimeout(service) ?? 0,
      });
      for (const key of authorities(service, port, mode, domain)) if (!routes.has(key)) routes.set(key, index);
    }
  }
  const encoded = ports.map((p) => encodePort(abi, { ...p.request, annotations: p.request.service.annotations }, names));

  const writer = new ImageWriter();
  const header = writer.words(HEADER_WORDS);
  const portTable = writer.words(ports.length * PORT_WORDS);
  const routeKeys = [...routes.keys()].sort(compareBytes);
  const routeTable = writer.words(routeKeys.length * ROUTE_WORDS);
  const nodeRef = writer.text(node.name);
  ports.forEach((p, i) => {
    const e = encoded[i]!;
    const w = portTable + i * PORT_WORDS * 4;
    const n = e.cond.length;
    writer.setWords(w, [e.minor, e.gates, e.service, e.annHints, e.annMode, n, e.zoneHintIds.length, e.nodeHintIds.length]);
    writer.setWord(w + 8 * 4, writer.bytes(e.cond));
    writer.setWord(w + 9 * 4, writer.u32s(e.epNode));
    writer.setWord(w + 10 * 4, writer.u32s(e.zoneHintStart));
    writer.setWord(w + 11 * 4, writer.u32s(e.zoneHintIds));
    writer.setWord(w + 12 * 4, writer.u32s(e.nodeHintStart));
    writer.setWord(w + 13 * 4, writer.u32s(e.nodeHintIds));
    const keyRefs = p.request.endpoints.flatMap((ep) => writer.text(ep.key));
    writer.setWord(w + 14 * 4, writer.u32s(Uint32Array.from(keyRefs)));
    writer.setWord(w + 15 * 4, p.affinity);
    writer.setWords(w + 16 * 4, [...writer.text(p.dropBody), ...writer.text(p.rejectBody), ...writer.text(p.scope)]);
  });
  routeKeys.forEach((key, r) => writer.setWords(routeTable + r * ROUTE_WORDS * 4, [...writer.text(key), routes.get(key)!]));
  writer.setWords(header, [
    IMAGE_MAGIC,
    IMAGE_VERSION,
    0,
    mode === 'external' ? 1 : 0,
    ...nodeRef,
    nodeId,
    zoneId,
    names.zones.size,
    names.nodeNames.size,
    ports.length,
    portTable,
    routeKeys.length,
    routeTable,
    options.revision ?? 0,
    0,
  ]);
  const bytes = writer.finish();
  new DataView(bytes.buffer).setUint32(header + 8, bytes.length, true);
  return bytes;
}

const utf8 = new TextEncoder();

/** Byte order of the UTF-8 forms (the filter compares bytes). */
function compareBytes(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return x.length - y.length;
}

/** Appends aligned blocks to a growing buffer; every reference is an offset from the start. */
class ImageWriter {
  private buffer = new Uint8Array(4096);
  private view = new DataView(this.buffer.buffer);
  private length = 0;

  private reserve(bytes: number, align: number): number {
    const start = (this.length + align - 1) & ~(align - 1);
    const end = start + bytes;
    if (end > this.buffer.length) {
      let size = this.buffer.length * 2;
      while (size < end) size *= 2;
      const grown = new Uint8Array(size);
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
      this.view = new DataView(grown.buffer);
    }
    this.length = end;
    return start;
  }

  words(count: number): number {
    return this.reserve(count * 4, 4);
  }

  setWord(at: number, value: number): void {
    this.view.setUint32(at, value, true);
  }

  setWords(at: number, values: readonly number[]): void {
    values.forEach((v, i) => this.view.setUint32(at + i * 4, v, true));
  }

  bytes(data: Uint8Array): number {
    const at = this.reserve(data.length, 1);
    this.buffer.set(data, at);
    return at;
  }

  u32s(data: Uint32Array): number {
    const at = this.reserve(data.length * 4, 4);
    data.forEach((v, i) => this.view.setUint32(at + i * 4, v, true));
    return at;
  }

  /** A UTF-8 string: [offset, length]. */
  text(s: string): [number, number] {
    const data = utf8.encode(s);
    return [this.bytes(data), data.length];
  }

  finish(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}
