// The engine API (api.md §4b): categorize one node, or many nodes in one pass of the WASM batch path.
import type { NodeModel } from '../objects/model.js';
import { Kernel, type KernelOptions, type Views, type WasmSource } from './kernel.js';
import { readPortRequest, readRequestNode, type PortRequest } from './request.js';
import { encode, type NodeQuery } from './encode.js';
import { Decoder } from './decode.js';
import { explainNode } from './explain.js';
import type { CategorizeRequest, CategorizeResult } from './types.js';

export class Engine {
  constructor(readonly kernel: Kernel) {}

  /** One decision (api.md §2). Throws a StatusError for bad input. */
  categorize(request: CategorizeRequest | unknown): CategorizeResult {
    const portRequest = readPortRequest(request);
    const node = readRequestNode((request as Record<string, unknown>).node);
    return this.decide(portRequest, [node])[0]!;
  }

  /**
   * The same request without `node`, for many nodes (each a §2 node): results in the order of
   * `nodes`. One `prepare` of the Service port, then O(1) engine work per node.
   */
  categorizeNodes(request: Omit<CategorizeRequest, 'node'> | unknown, nodes: readonly unknown[]): CategorizeResult[] {
    const portRequest = readPortRequest(stripNode(request));
    const models = nodes.map((n, i) => readRequestNode(n, `nodes[${i}]`));
    return this.decide(portRequest, models);
  }

  /**
   * The engine's answers for `nodes` as a Decoder over a private copy of the output arrays: valid
   * after later decisions, and readable as index runs (`traffic`) without building strings. The
   * emulator's path: one call per Service port for every node.
   */
  decideDetached(req: PortRequest, nodes: readonly NodeQuery[]): Decoder {
    const views = encode(this.kernel, { ...req, annotations: req.service.annotations }, nodes);
    this.kernel.run();
    return new Decoder(this.kernel.abi, detach(views), req.endpoints);
  }

  /** Decides an already-read Service port for already-read nodes (the snapshot path). */
  decide(req: PortRequest, nodes: readonly NodeModel[]): CategorizeResult[] {
    const queries: NodeQuery[] = nodes.map((n) => ({ name: n.name, zone: n.zone }));
    const views = encode(this.kernel, { ...req, annotations: req.service.annotations }, queries);
    this.kernel.run();
    const decoder = new Decoder(this.kernel.abi, views, req.endpoints);
    const service = `${req.service.namespace}/${req.service.name}`;
    const port = req.port.name !== '' ? req.port.name : String(req.port.port);
    return queries.map((q, j) => {
      const answer = decoder.answer(j);
      const result: CategorizeResult = { service, port, node: q.name, kubernetesVersion: req.era.version, ...answer };
      if (req.explain) result.explain = explainNode(this.kernel.abi, views, j, req.endpoints, answer.topologyMode, q);
      if (req.warnings.length) result.warnings = req.warnings;
      return result;
    });
  }
}

/** Copies of the arrays a Decoder reads; inputs are not needed after the decision. */
function detach(v: Views): Views {
  const empty = new Uint32Array(0);
  return {
    params: v.params.slice(),
    cond: v.cond.slice(),
    state: v.state.slice(),
    epNode: empty,
    zoneHintStart: empty,
    zoneHintIds: empty,
    nodeHintStart: empty,
    nodeHintIds: empty,
    queryNode: empty,
    queryZone: empty,
    outFlags: v.outFlags.slice(),
    outClusterStart: v.outClusterStart.slice(),
    outClusterLen: v.outClusterLen.slice(),
    outLocalStart: v.outLocalStart.slice(),
    outLocalLen: v.outLocalLen.slice(),
    pool: v.pool.slice(),
  };
}

function stripNode(request: unknown): unknown {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return request;
  const { node: _node, ...rest } = request as Record<string, unknown>;
  return rest;
}

export async function loadEngineFrom(source: WasmSource, options?: KernelOptions): Promise<Engine> {
  return new Engine(await Kernel.load(source, options));
}
