// The engine API (docs/contracts.md §4b): categorize one node, or many nodes in one pass of the WASM batch path.
import type { NodeModel } from '../objects/model.js';
import { Kernel, type KernelOptions, type Views, type WasmSource } from './kernel.js';
import { readPortRequest, readRequestNode, type PortRequest } from './request.js';
import { encodePort, freshNames, decidePort, type EncodedPort, type Names, type NodeQuery } from './encode.js';
import { DecodedRuns, Decoder } from './decode.js';
import { explainNode } from './explain.js';
import type { CategorizeRequest, CategorizeResult } from './types.js';

export class Engine {
  /** Each PortRequest is encoded once, however many engine calls ask about it (snapshot, emulator). */
  readonly #encoded = new WeakMap<PortRequest, EncodedPort>();
  /** …and its endpoint lists built once. */
  readonly #decoded = new WeakMap<EncodedPort, DecodedRuns>();
  /** Node and zone names seen so far: every port of a cluster names the same ones, interned once. */
  #names: Names = freshNames();

  constructor(readonly kernel: Kernel) {}

  /** One decision (docs/contracts.md §2). Throws a StatusError for bad input. */
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
    const views = decidePort(this.kernel, this.encoded(req), nodes);
    return new Decoder(this.kernel.abi, detach(views), req.endpoints);
  }

  /** Decides an already-read Service port for already-read nodes (the snapshot path). */
  decide(req: PortRequest, nodes: readonly NodeModel[]): CategorizeResult[] {
    const queries: NodeQuery[] = nodes.map((n) => ({ name: n.name, zone: n.zone }));
    const encoded = this.encoded(req);
    const views = decidePort(this.kernel, encoded, queries);
    const decoder = new Decoder(this.kernel.abi, views, req.endpoints, this.decodedRuns(encoded));
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

  private decodedRuns(port: EncodedPort): DecodedRuns {
    let runs = this.#decoded.get(port);
    if (!runs) this.#decoded.set(port, (runs = new DecodedRuns()));
    return runs;
  }

  /** The engine's encoding of a Service port: made on first use, kept while the PortRequest lives. */
  encoded(req: PortRequest): EncodedPort {
    let port = this.#encoded.get(req);
    if (!port) {
      // Names are never forgotten one by one; past the bound (node churn in a long-lived process)
      // later ports start afresh, while ports already encoded keep the interners they were made with.
      if (this.#names.nodeNames.size + this.#names.zones.size > MAX_INTERNED_NAMES) this.#names = freshNames();
      port = encodePort(this.kernel.abi, { ...req, annotations: req.service.annotations }, this.#names);
      this.#encoded.set(req, port);
    }
    return port;
  }
}

/** Interned names kept at most (ids also size the kernel's per-node table: 36 bytes each). */
const MAX_INTERNED_NAMES = 1 << 20;

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
