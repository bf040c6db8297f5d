// The WASM module, instantiated raw (no loader): linear memory owned by the host with a cap, the
// layout of one decision's arrays, and recovery from traps. Runtime-free: bytes, a compiled
// `WebAssembly.Module` or a `Response` (Node, browsers, Workers, Deno, Bun).
import { statusError } from '../objects/status.js';
import { readAbi, type Abi, type AbiName } from './abi.js';

export type { Abi } from './abi.js';

export type WasmSource = BufferSource | WebAssembly.Module | Response | Promise<Response>;

export interface KernelOptions {
  /** Upper bound of the engine's linear memory. Default 1024 MiB. */
  maxMemoryMiB?: number;
}

interface Exports {
  prepare(): void;
  decide(): void;
  [name: string]: unknown;
}

/** Sizes of one decision: the host computes them, the kernel lays the arrays out. */
export interface DecisionSize {
  endpoints: number;
  zoneHints: number;
  nodeHints: number;
  zoneLimit: number;
  nodeLimit: number;
  nodes: number;
}

const PAGE = 65536;

/** Typed views over the arrays of the current layout (valid until the next `layout`). */
export interface Views {
  params: Uint32Array;
  cond: Uint8Array;
  state: Uint8Array;
  epNode: Uint32Array;
  zoneHintStart: Uint32Array;
  zoneHintIds: Uint32Array;
  nodeHintStart: Uint32Array;
  nodeHintIds: Uint32Array;
  queryNode: Uint32Array;
  queryZone: Uint32Array;
  outFlags: Uint32Array;
  outClusterStart: Uint32Array;
  outClusterLen: Uint32Array;
  outLocalStart: Uint32Array;
  outLocalLen: Uint32Array;
  pool: Uint32Array;
}

export class Kernel {
  readonly abi: Abi;
  readonly maxPages: number;
  private readonly module: WebAssembly.Module;
  private memory!: WebAssembly.Memory;
  private exports!: Exports;
  /** Table capacity laid out so far: the tables come first and are zeroed only when they grow. */
  private zoneCapacity = 0;
  private nodeCapacity = 0;

  private constructor(module: WebAssembly.Module, options: KernelOptions) {
    this.module = module;
    this.maxPages = Math.max(2, Math.floor(((options.maxMemoryMiB ?? 1024) * 1024 * 1024) / PAGE));
    this.instantiate();
    this.abi = readAbi(this.exports as unknown as WebAssembly.Exports);
  }

  static async load(source: WasmSource, options: KernelOptions = {}): Promise<Kernel> {
    return new Kernel(await compile(source), options);
  }

  static fromModule(module: WebAssembly.Module, options: KernelOptions = {}): Kernel {
    return new Kernel(module, options);
  }

  private instantiate(): void {
    this.memory = new WebAssembly.Memory({ initial: 2, maximum: this.maxPages });
    const instance = new WebAssembly.Instance(this.module, { env: { memory: this.memory } });
    this.exports = instance.exports as unknown as Exports;
    this.zoneCapacity = 0;
    this.nodeCapacity = 0;
    this.last = undefined;
    this.preparedPort = undefined;
    this.resident = false;
  }

  /**
   * One decision, in the only order the module allows: lay the arrays out, let `write` fill the
   * inputs (`resident` true: the port's arrays are already in place from the last decision, write
   * only the queries), `prepare` the port unless resident, `decide`. Returns the views to read the
   * answers from, valid until the next decision. A trap discards the instance (the next decision
   * starts clean) and is a 500 Status.
   */
  decide(size: DecisionSize, port: object | undefined, write: (views: Views, resident: boolean) => void): Views {
    const views = this.layout(size, port);
    write(views, this.resident);
    this.run();
    return views;
  }

  /**
   * Lays out the arrays for one decision, growing memory (within the cap) as needed. `port` names the
   * encoded Service port the endpoint arrays hold: when it is the one the last `run` prepared and its
   * arrays did not move, `resident` is true — the host need not copy them and `run` skips `prepare`
   * (the snapshot path: one Service port asked about from one node after another).
   */
  private layout(size: DecisionSize, port: object | undefined): Views {
    const a = this.abi;
    const slot = (name: AbiName) => a[name];
    // Tables first, with room to spare: a snapshot's ids stay stable, so they rarely move.
    if (size.zoneLimit > this.zoneCapacity || size.nodeLimit > this.nodeCapacity) {
      this.zoneCapacity = Math.max(size.zoneLimit, this.zoneCapacity * 2, 16);
      this.nodeCapacity = Math.max(size.nodeLimit, this.nodeCapacity * 2, 64);
      this.tablesFresh = true;
    }
    const n = size.endpoints;
    const m = size.nodes;
    // The port's arrays and the pool come before the per-query arrays, so their place depends on
    // the port alone and a prepared port stays valid when another number of nodes asks.
    // Any other port laid out since clears the prepared one, and tables that grew are zeroed: what
    // stays prepared is exactly the last port run, in the places it was run in.
    this.resident = port !== undefined && port === this.preparedPort && !this.tablesFresh;
    if (!this.resident) this.preparedPort = undefined;
    this.laidOutPort = port;
    // A decision of the same shape as the last one reuses its views: only the limits may differ.
    const last = this.last;
    if (
      !this.tablesFresh &&
      last !== undefined &&
      last.endpoints === n &&
      last.zoneHints === size.zoneHints &&
      last.nodeHints === size.nodeHints &&
      last.nodes === m &&
      last.views.params.buffer === this.memory.buffer
    ) {
      const params = last.views.params;
      params[slot('P_ZONE_LIMIT')] = size.zoneLimit;
      params[slot('P_NODE_LIMIT')] = size.nodeLimit;
      return last.views;
    }
    let at = (a.PARAMS_PTR + a.PARAM_SLOTS * 4 + 15) & ~15;
    const take = (bytes: number) => {
      const start = at;
      at = (at + bytes + 15) & ~15;
      return start;
    };
    const zoneTable = take(this.zoneCapacity * a.ZONE_COLS * 4);
    const nodeTable = take(this.nodeCapacity * a.NODE_COLS * 4);
    const offsets: Partial<Record<AbiName, number>> = {
      P_ZONE_TABLE: zoneTable,
      P_NODE_TABLE: nodeTable,
      P_EP_COND: take(n),
      P_EP_STATE: take(n),
      P_EP_NODE: take(n * 4),
      P_EP_ZH_START: take((n + 1) * 4),
      P_EP_ZH_IDS: take(size.zoneHints * 4),
      P_EP_NH_START: take((n + 1) * 4),
      P_EP_NH_IDS: take(size.nodeHints * 4),
      P_POOL: take((4 * n + size.zoneHints + size.nodeHints) * 4),
      P_Q_NODE: take(m * 4),
      P_Q_ZONE: take(m * 4),
      P_OUT_FLAGS: take(m * 4),
      P_OUT_CLUSTER_START: take(m * 4),
      P_OUT_CLUSTER_LEN: take(m * 4),
      P_OUT_LOCAL_START: take(m * 4),
      P_OUT_LOCAL_LEN: take(m * 4),
    };
    this.ensureBytes(at);
    const buffer = this.memory.buffer;
    if (this.tablesFresh) {
      new Uint8Array(buffer, zoneTable, at - zoneTable).fill(0);
      this.tablesFresh = false;
    }
    const params = new Uint32Array(buffer, a.PARAMS_PTR, a.PARAM_SLOTS);
    for (const [name, offset] of Object.entries(offsets) as [AbiName, number][]) params[slot(name)] = offset;
    params[slot('P_N')] = n;
    params[slot('P_ZONE_LIMIT')] = size.zoneLimit;
    params[slot('P_NODE_LIMIT')] = size.nodeLimit;
    params[slot('P_M')] = m;
    const u32 = (name: AbiName, count: number) => new Uint32Array(buffer, offsets[name]!, count);
    const views: Views = {
      params,
      cond: new Uint8Array(buffer, offsets.P_EP_COND!, n),
      state: new Uint8Array(buffer, offsets.P_EP_STATE!, n),
      epNode: u32('P_EP_NODE', n),
      zoneHintStart: u32('P_EP_ZH_START', n + 1),
      zoneHintIds: u32('P_EP_ZH_IDS', size.zoneHints),
      nodeHintStart: u32('P_EP_NH_START', n + 1),
      nodeHintIds: u32('P_EP_NH_IDS', size.nodeHints),
      queryNode: u32('P_Q_NODE', m),
      queryZone: u32('P_Q_ZONE', m),
      outFlags: u32('P_OUT_FLAGS', m),
      outClusterStart: u32('P_OUT_CLUSTER_START', m),
      outClusterLen: u32('P_OUT_CLUSTER_LEN', m),
      outLocalStart: u32('P_OUT_LOCAL_START', m),
      outLocalLen: u32('P_OUT_LOCAL_LEN', m),
      pool: u32('P_POOL', 4 * n + size.zoneHints + size.nodeHints),
    };
    this.last = { endpoints: n, zoneHints: size.zoneHints, nodeHints: size.nodeHints, nodes: m, views };
    return views;
  }

  /** The port laid out by the last `layout` is already in memory and prepared: skip copying it. */
  private resident = false;
  private tablesFresh = false;
  /** The last layout (its table capacities are the current ones: when they grow, tablesFresh is set). */
  private last: (Pick<DecisionSize, 'endpoints' | 'zoneHints' | 'nodeHints' | 'nodes'> & { views: Views }) | undefined;
  private laidOutPort: object | undefined;
  private preparedPort: object | undefined;

  /** `prepare` (unless the laid-out port is resident) then `decide`. */
  private run(): void {
    try {
      if (!this.resident) {
        this.exports.prepare();
        this.preparedPort = this.laidOutPort;
        this.resident = this.preparedPort !== undefined;
      }
      this.exports.decide();
    } catch (e) {
      this.instantiate();
      throw statusError('InternalError', 500, `engine trapped and was reset: ${(e as Error).message}`);
    }
  }

  /** Bytes of linear memory in use now. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  private ensureBytes(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes <= have) return;
    const pages = Math.ceil((bytes - have) / PAGE);
    try {
      this.memory.grow(pages);
    } catch {
      const mib = (n: number) => (n / (1024 * 1024)).toFixed(1);
      throw statusError(
        'RequestEntityTooLarge',
        413,
        `decision needs ${mib(bytes)} MiB of engine memory; the engine's cap is ${mib(this.maxPages * PAGE)} MiB (loadEngine option maxMemoryMiB)`,
      );
    }
  }
}

async function compile(source: WasmSource): Promise<WebAssembly.Module> {
  const resolved = await source;
  if (resolved instanceof WebAssembly.Module) return resolved;
  if (typeof Response !== 'undefined' && resolved instanceof Response) {
    if (!resolved.ok) throw new Error(`cannot load the tpe engine: HTTP ${resolved.status} ${resolved.statusText}`);
    return WebAssembly.compile(await resolved.arrayBuffer());
  }
  return WebAssembly.compile(resolved as BufferSource);
}
