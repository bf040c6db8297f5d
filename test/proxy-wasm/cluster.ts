// The filter under test: the built module, an engine, and the demo cluster as a snapshot — with the
// library's own decisions to compare the filter's picks against.
import { readFile } from 'node:fs/promises';
import { DEMO_CLUSTER } from '../../host/cluster/demo.js';
import { DecisionCache } from '../../host/cluster/decisions.js';
import { compileImage, type ImageMode } from '../../host/cluster/image.js';
import { snapshotFromObjects, type ClusterSnapshot } from '../../host/cluster/snapshot.js';
import { resolveEra } from '../../host/engine/eras.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { ProxyWasmHost } from './host.js';

export const filterWasm = await readFile(new URL('../../dist/envoy/tpe-filter.wasm', import.meta.url));
export const filterModule = await WebAssembly.compile(filterWasm);
export const engine = await loadEngine();

export function demoSnapshot(objects: readonly object[] = DEMO_CLUSTER): ClusterSnapshot {
  return snapshotFromObjects(objects, resolveEra(undefined, undefined), 'demo');
}

export function base64(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64');
}

/** A started filter for `node`, with the snapshot's image inline in its configuration. */
export async function startFilter(snapshot: ClusterSnapshot, node: string, mode: ImageMode = 'internal'): Promise<ProxyWasmHost> {
  const image = compileImage(engine, snapshot, node, mode);
  const host = await ProxyWasmHost.load(filterModule, { pluginConfiguration: JSON.stringify({ node, mode, image: base64(image) }) });
  if (!host.start()) throw new Error(`filter refused its configuration: ${host.logs.map((l) => l.message).join('; ')}`);
  return host;
}

/** What the library decides for one Service port from `node`: the verdict and the candidates. */
export function libraryDecision(
  snapshot: ClusterSnapshot,
  namespace: string,
  name: string,
  port: string,
  node: string,
  traffic: ImageMode,
) {
  const decisions = new DecisionCache(snapshot);
  const service = decisions.service(namespace, name);
  const target = decisions.target(service, port, undefined);
  const result = decisions.decide(engine, target, decisions.node(node), false);
  const decision = traffic === 'internal' ? result.internal : result.external;
  return { result, decision, target, decisions };
}
