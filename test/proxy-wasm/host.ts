// A proxy-wasm host for the tests, in Node's WebAssembly: ABI 0.2.1 (spec abi-versions/v0.2.1) with
// the calling sequence and the memory hand-over of Envoy's C++ host (proxy-wasm-cpp-host):
//   load      imports checked first — a module importing a function this host does not provide is
//             refused ("Failed to load Wasm module due to a missing import: env.x"), as V8::link does;
//             `malloc` (else `proxy_on_memory_allocate`) required; `_initialize` (+ `main`) else `_start`
//   start     proxy_on_context_create(root, 0), proxy_on_vm_start, proxy_on_configure
//   request   proxy_on_context_create(stream, root), proxy_on_request_headers (and response headers
//             when given), proxy_on_done, proxy_on_log, proxy_on_delete
//   tick      proxy_on_tick when a period was set; HTTP calls wait for `respond` (or `failCall`)
// Every value handed to the module is copied into memory the module allocated (copyToPointerSize);
// maps use the spec's serialization. A trap marks the VM failed: no callback is made into it again.

export const Status = { Ok: 0, NotFound: 1, BadArgument: 2, InvalidMemoryAccess: 6 } as const;
const BUFFER = { HttpRequestBody: 0, HttpResponseBody: 1, HttpCallResponseBody: 4, VmConfiguration: 6, PluginConfiguration: 7 };
const MAP = { RequestHeaders: 0, RequestTrailers: 1, ResponseHeaders: 2, ResponseTrailers: 3, HttpCallResponseHeaders: 6 };

export type Headers = [string, string][];

export interface LogEntry {
  level: number;
  message: string;
}

export interface HttpCall {
  id: number;
  upstream: string;
  headers: Headers;
  body: Uint8Array;
  timeoutMs: number;
}

export interface LocalResponse {
  status: number;
  details: string;
  body: string;
  headers: Headers;
}

export interface StreamResult {
  /** proxy_on_request_headers' answer: 0 Continue, 1 Pause. */
  action: number;
  /** The request headers as the module left them. */
  requestHeaders: Headers;
  responseHeaders: Headers;
  localResponse: LocalResponse | null;
}

export interface HostOptions {
  pluginConfiguration?: string | Uint8Array;
  vmConfiguration?: string | Uint8Array;
  /** The host clock at the start, in milliseconds since the epoch; the test moves it with `advance`. */
  startTimeMs?: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const bytesOf = (v: string | Uint8Array | undefined) =>
  v === undefined ? new Uint8Array(0) : typeof v === 'string' ? encoder.encode(v) : v;

/** A trap (or a throw out of a host function) inside a callback. */
export class VmFailed extends Error {}

interface Stream {
  id: number;
  requestHeaders: Headers;
  responseHeaders: Headers;
  properties: Map<string, string>;
  localResponse: LocalResponse | null;
}

export class ProxyWasmHost {
  readonly logs: LogEntry[] = [];
  readonly pendingCalls = new Map<number, HttpCall>();
  readonly sentCalls: HttpCall[] = [];
  tickPeriodMs = 0;
  failed: Error | null = null;
  nowMs: number;
  /** Makes the named host function throw inside the module's callback (a trap mid-callback). */
  failHostFunction: string | null = null;

  private instance!: WebAssembly.Instance;
  private exportsOf!: Record<string, unknown>;
  private readonly rootId = 1;
  private nextId = 2;
  private nextCallId = 0;
  private stream: Stream | null = null;
  private buffers = new Map<number, Uint8Array>();
  private callResponse: { headers: Headers; body: Uint8Array } | null = null;
  private pluginConfiguration: Uint8Array;
  private vmConfiguration: Uint8Array;

  private constructor(options: HostOptions) {
    this.pluginConfiguration = bytesOf(options.pluginConfiguration);
    this.vmConfiguration = bytesOf(options.vmConfiguration);
    this.nowMs = options.startTimeMs ?? 1_700_000_000_000;
  }

  /** Compiles, links and initializes the module (no context is created yet). */
  static async load(wasm: BufferSource | WebAssembly.Module, options: HostOptions = {}): Promise<ProxyWasmHost> {
    const module = wasm instanceof WebAssembly.Module ? wasm : await WebAssembly.compile(wasm);
    const host = new ProxyWasmHost(options);
    const provided = host.imports();
    for (const imp of WebAssembly.Module.imports(module)) {
      const ok = imp.kind === 'function' && typeof provided[imp.module]?.[imp.name] === 'function';
      if (!ok) throw new Error(`Failed to load Wasm module due to a missing import: ${imp.module}.${imp.name}`);
    }
    const exported = new Set(WebAssembly.Module.exports(module).map((e) => e.name));
    if (![...exported].some((name) => /^proxy_abi_version_0_2_[01]$/.test(name))) {
      throw new Error('Wasm module has no supported proxy-wasm ABI version marker (proxy_abi_version_0_2_1)');
    }
    if (!exported.has('malloc') && !exported.has('proxy_on_memory_allocate')) throw new Error('Wasm module is missing malloc function.');
    if (!exported.has('memory')) throw new Error('Wasm module exports no memory');
    host.instance = await WebAssembly.instantiate(module, provided as WebAssembly.Imports);
    host.exportsOf = host.instance.exports as Record<string, unknown>;
    if (exported.has('_initialize')) {
      host.call('_initialize');
      if (exported.has('main')) host.call('main', 0, 0);
    } else if (exported.has('_start')) host.call('_start');
    return host;
  }

  get exports(): ReadonlySet<string> {
    return new Set(Object.keys(this.exportsOf));
  }

  /** The root context, the VM start and the plugin configuration: proxy_on_configure's answer. */
  start(): boolean {
    this.callIfExported('proxy_on_context_create', this.rootId, 0);
    this.buffers.set(BUFFER.VmConfiguration, this.vmConfiguration);
    const vmOk = this.callIfExported('proxy_on_vm_start', this.rootId, this.vmConfiguration.length) ?? 1;
    this.buffers.delete(BUFFER.VmConfiguration);
    if (!vmOk) return false;
    return this.configure(this.pluginConfiguration);
  }

  /** proxy_on_configure with a (new) plugin configuration, as on a listener update. */
  configure(configuration: string | Uint8Array): boolean {
    this.pluginConfiguration = bytesOf(configuration);
    this.buffers.set(BUFFER.PluginConfiguration, this.pluginConfiguration);
    try {
      return (this.callIfExported('proxy_on_configure', this.rootId, this.pluginConfiguration.length) ?? 1) !== 0;
    } finally {
      this.buffers.delete(BUFFER.PluginConfiguration);
    }
  }

  /** One HTTP stream: request headers (and response headers when given), then done, log and delete. */
  request(requestHeaders: Headers, options: { properties?: Record<string, string>; responseHeaders?: Headers } = {}): StreamResult {
    const stream: Stream = {
      id: this.nextId++,
      requestHeaders: requestHeaders.map(([k, v]) => [k.toLowerCase(), v]),
      responseHeaders: (options.responseHeaders ?? []).map(([k, v]) => [k.toLowerCase(), v]),
      properties: new Map(Object.entries(options.properties ?? {})),
      localResponse: null,
    };
    this.stream = stream;
    try {
      this.callIfExported('proxy_on_context_create', stream.id, this.rootId);
      const action = this.callIfExported('proxy_on_request_headers', stream.id, stream.requestHeaders.length, 1) ?? 0;
      if (options.responseHeaders && stream.localResponse === null) {
        this.callIfExported('proxy_on_response_headers', stream.id, stream.responseHeaders.length, 1);
      }
      this.callIfExported('proxy_on_done', stream.id);
      this.callIfExported('proxy_on_log', stream.id);
      this.callIfExported('proxy_on_delete', stream.id);
      return {
        action,
        requestHeaders: stream.requestHeaders,
        responseHeaders: stream.responseHeaders,
        localResponse: stream.localResponse,
      };
    } finally {
      this.stream = null;
    }
  }

  /** Moves the host clock (proxy_get_current_time_nanoseconds) forward. */
  advance(ms: number): void {
    this.nowMs += ms;
  }

  /** One timer event: proxy_on_tick on the root context, when the module set a tick period. */
  tick(): void {
    if (this.tickPeriodMs > 0) this.callIfExported('proxy_on_tick', this.rootId);
  }

  /** Answers an HTTP call: proxy_on_http_call_response with the headers and body (`null`: the call failed). */
  respond(id: number, response: { status: number; headers?: Headers; body?: Uint8Array | string } | null): void {
    const call = this.pendingCalls.get(id);
    if (!call) throw new Error(`no HTTP call ${id} is pending`);
    this.pendingCalls.delete(id);
    const headers: Headers = response ? [[':status', String(response.status)], ...(response.headers ?? [])] : [];
    const body = response ? bytesOf(response.body) : new Uint8Array(0);
    this.callResponse = { headers, body };
    this.buffers.set(BUFFER.HttpCallResponseBody, body);
    try {
      this.callIfExported('proxy_on_http_call_response', this.rootId, id, headers.length, body.length, 0);
    } finally {
      this.callResponse = null;
      this.buffers.delete(BUFFER.HttpCallResponseBody);
    }
  }

  /** Calls an export; a trap marks the VM failed (as Envoy does) and throws VmFailed. */
  private call(name: string, ...args: number[]): number | undefined {
    if (this.failed) throw new VmFailed(`the VM failed earlier: ${this.failed.message}`);
    const fn = this.exportsOf[name] as ((...a: number[]) => number | undefined) | undefined;
    if (typeof fn !== 'function') throw new Error(`module does not export ${name}`);
    try {
      const result = fn(...args);
      return typeof result === 'number' ? result : typeof result === 'bigint' ? Number(result) : result;
    } catch (e) {
      this.failed = e as Error;
      throw new VmFailed(`${name} trapped: ${(e as Error).message}`);
    }
  }

  private callIfExported(name: string, ...args: number[]): number | undefined {
    return typeof this.exportsOf[name] === 'function' ? this.call(name, ...args) : undefined;
  }

  // --- memory

  private get memory(): WebAssembly.Memory {
    return this.exportsOf.memory as WebAssembly.Memory;
  }

  private view(): DataView {
    return new DataView(this.memory.buffer);
  }

  private inBounds(ptr: number, size: number): boolean {
    return ptr >= 0 && size >= 0 && ptr + size <= this.memory.buffer.byteLength;
  }

  private read(ptr: number, size: number): Uint8Array | null {
    if (!this.inBounds(ptr, size)) return null;
    return new Uint8Array(this.memory.buffer, ptr, size).slice();
  }

  private readString(ptr: number, size: number): string | null {
    const bytes = this.read(ptr, size);
    return bytes === null ? null : decoder.decode(bytes);
  }

  /** Memory from the module's own allocator: malloc, else proxy_on_memory_allocate. */
  private allocate(size: number): number {
    const name = typeof this.exportsOf.malloc === 'function' ? 'malloc' : 'proxy_on_memory_allocate';
    const fn = this.exportsOf[name] as (n: number) => number;
    return fn(size) >>> 0;
  }

  /** copyToPointerSize: allocate in the module, copy, write the pointer and the size (0, 0 when empty). */
  private handOver(bytes: Uint8Array, ptrPtr: number, sizePtr: number): number {
    let ptr = 0;
    if (bytes.length > 0) {
      ptr = this.allocate(bytes.length);
      if (ptr === 0 || !this.inBounds(ptr, bytes.length)) return Status.InvalidMemoryAccess;
      new Uint8Array(this.memory.buffer, ptr, bytes.length).set(bytes);
    }
    if (!this.inBounds(ptrPtr, 4) || !this.inBounds(sizePtr, 4)) return Status.InvalidMemoryAccess;
    const v = this.view();
    v.setUint32(ptrPtr, ptr, true);
    v.setUint32(sizePtr, bytes.length, true);
    return Status.Ok;
  }

  // --- header maps

  private map(type: number): Headers | null {
    if (type === MAP.RequestHeaders) return this.stream?.requestHeaders ?? null;
    if (type === MAP.ResponseHeaders) return this.stream?.responseHeaders ?? null;
    if (type === MAP.HttpCallResponseHeaders) return this.callResponse?.headers ?? null;
    if (type === MAP.RequestTrailers || type === MAP.ResponseTrailers) return this.stream ? [] : null;
    return null;
  }

  private setMap(type: number, pairs: Headers): boolean {
    const stream = this.stream;
    if (!stream) return false;
    if (type === MAP.RequestHeaders) stream.requestHeaders = pairs;
    else if (type === MAP.ResponseHeaders) stream.responseHeaders = pairs;
    else return false;
    return true;
  }

  private imports(): Record<string, Record<string, (...args: number[]) => number | void>> {
    const self = this;
    const guard =
      (name: string, fn: (...args: number[]) => number | void) =>
      (...args: number[]) => {
        if (self.failHostFunction === name) throw new WebAssembly.RuntimeError(`${name} failed (injected)`);
        return fn(...args.map((a) => (typeof a === 'bigint' ? a : a >>> 0)));
      };
    const env: Record<string, (...args: number[]) => number | void> = {
      proxy_log(level, ptr, size) {
        const message = self.readString(ptr, size);
        if (message === null) return Status.InvalidMemoryAccess;
        self.logs.push({ level, message });
        return Status.Ok;
      },
      proxy_get_log_level(ptr) {
        if (!self.inBounds(ptr, 4)) return Status.InvalidMemoryAccess;
        self.view().setUint32(ptr, 0, true);
        return Status.Ok;
      },
      proxy_set_effective_context() {
        return Status.Ok;
      },
      proxy_done() {
        return Status.Ok;
      },
      proxy_get_current_time_nanoseconds(ptr) {
        if (!self.inBounds(ptr, 8)) return Status.InvalidMemoryAccess;
        self.view().setBigUint64(ptr, BigInt(Math.round(self.nowMs)) * 1_000_000n, true);
        return Status.Ok;
      },
      proxy_set_tick_period_milliseconds(period) {
        self.tickPeriodMs = period;
        return Status.Ok;
      },
      proxy_get_buffer_status(type, sizePtr, flagsPtr) {
        const buffer = self.buffers.get(type);
        if (!buffer) return Status.NotFound;
        if (!self.inBounds(sizePtr, 4) || !self.inBounds(flagsPtr, 4)) return Status.InvalidMemoryAccess;
        self.view().setUint32(sizePtr, buffer.length, true);
        self.view().setUint32(flagsPtr, 0, true);
        return Status.Ok;
      },
      proxy_get_buffer_bytes(type, start, maxSize, ptrPtr, sizePtr) {
        const buffer = self.buffers.get(type);
        if (!buffer) return Status.NotFound;
        if (start > buffer.length) return Status.BadArgument;
        return self.handOver(buffer.subarray(start, Math.min(buffer.length, start + maxSize)), ptrPtr, sizePtr);
      },
      proxy_set_buffer_bytes() {
        return Status.NotFound;
      },
      proxy_get_header_map_size(type, sizePtr) {
        const map = self.map(type);
        if (!map) return Status.BadArgument;
        if (!self.inBounds(sizePtr, 4)) return Status.InvalidMemoryAccess;
        self.view().setUint32(sizePtr, serializeMap(map).length, true);
        return Status.Ok;
      },
      proxy_get_header_map_pairs(type, ptrPtr, sizePtr) {
        const map = self.map(type);
        if (!map) return Status.BadArgument;
        return self.handOver(serializeMap(map), ptrPtr, sizePtr);
      },
      proxy_set_header_map_pairs(type, ptr, size) {
        const bytes = self.read(ptr, size);
        if (bytes === null) return Status.InvalidMemoryAccess;
        return self.setMap(type, deserializeMap(bytes)) ? Status.Ok : Status.BadArgument;
      },
      proxy_get_header_map_value(type, keyPtr, keySize, ptrPtr, sizePtr) {
        const map = self.map(type);
        const key = self.readString(keyPtr, keySize);
        if (key === null) return Status.InvalidMemoryAccess;
        if (!map) return Status.BadArgument;
        const found = map.find(([k]) => k === key.toLowerCase());
        if (!found) return Status.NotFound;
        return self.handOver(encoder.encode(found[1]), ptrPtr, sizePtr);
      },
      proxy_add_header_map_value(type, keyPtr, keySize, valuePtr, valueSize) {
        const map = self.map(type);
        const key = self.readString(keyPtr, keySize);
        const value = self.readString(valuePtr, valueSize);
        if (key === null || value === null) return Status.InvalidMemoryAccess;
        if (!map || !self.setMap(type, [...map, [key.toLowerCase(), value]])) return Status.BadArgument;
        return Status.Ok;
      },
      proxy_replace_header_map_value(type, keyPtr, keySize, valuePtr, valueSize) {
        const map = self.map(type);
        const key = self.readString(keyPtr, keySize);
        const value = self.readString(valuePtr, valueSize);
        if (key === null || value === null) return Status.InvalidMemoryAccess;
        const name = key.toLowerCase();
        if (!map || !self.setMap(type, [...map.filter(([k]) => k !== name), [name, value]])) return Status.BadArgument;
        return Status.Ok;
      },
      proxy_remove_header_map_value(type, keyPtr, keySize) {
        const map = self.map(type);
        const key = self.readString(keyPtr, keySize);
        if (key === null) return Status.InvalidMemoryAccess;
        if (
          !map ||
          !self.setMap(
            type,
            map.filter(([k]) => k !== key.toLowerCase()),
          )
        )
          return Status.BadArgument;
        return Status.Ok;
      },
      proxy_get_property(pathPtr, pathSize, ptrPtr, sizePtr) {
        const path = self.readString(pathPtr, pathSize);
        if (path === null) return Status.InvalidMemoryAccess;
        const value = self.stream?.properties.get(path.split('\0').join('.'));
        if (value === undefined) return Status.NotFound;
        return self.handOver(encoder.encode(value), ptrPtr, sizePtr);
      },
      proxy_set_property() {
        return Status.Ok;
      },
      proxy_send_local_response(status, detailsPtr, detailsSize, bodyPtr, bodySize, headersPtr, headersSize) {
        const details = self.readString(detailsPtr, detailsSize);
        const body = self.readString(bodyPtr, bodySize);
        const headers = self.read(headersPtr, headersSize);
        if (details === null || body === null || headers === null) return Status.InvalidMemoryAccess;
        if (!self.stream) return Status.BadArgument;
        self.stream.localResponse = { status, details, body, headers: deserializeMap(headers) };
        return Status.Ok;
      },
      proxy_continue_stream() {
        return Status.Ok;
      },
      proxy_close_stream() {
        return Status.Ok;
      },
      proxy_http_call(upstreamPtr, upstreamSize, headersPtr, headersSize, bodyPtr, bodySize, _tp, _ts, timeout, idPtr) {
        const upstream = self.readString(upstreamPtr, upstreamSize);
        const headers = self.read(headersPtr, headersSize);
        const body = self.read(bodyPtr, bodySize);
        if (upstream === null || headers === null || body === null || !self.inBounds(idPtr, 4)) return Status.InvalidMemoryAccess;
        const pairs = deserializeMap(headers);
        const has = (name: string) => pairs.some(([k]) => k === name);
        if (!has(':authority') || !has(':method') || !has(':path')) return Status.BadArgument;
        const call: HttpCall = { id: self.nextCallId++, upstream, headers: pairs, body, timeoutMs: timeout };
        self.pendingCalls.set(call.id, call);
        self.sentCalls.push(call);
        self.view().setUint32(idPtr, call.id, true);
        return Status.Ok;
      },
    };
    const wasi: Record<string, (...args: number[]) => number | void> = {
      fd_write(fd, iovs, iovsLen, writtenPtr) {
        let written = 0;
        const v = self.view();
        for (let i = 0; i < iovsLen; i++) {
          const text = self.readString(v.getUint32(iovs + i * 8, true), v.getUint32(iovs + i * 8 + 4, true));
          if (text === null) return 21;
          self.logs.push({ level: fd === 2 ? 4 : 2, message: text });
          written += encoder.encode(text).length;
        }
        v.setUint32(writtenPtr, written, true);
        return 0;
      },
      proc_exit(code) {
        throw new WebAssembly.RuntimeError(`proc_exit(${code})`);
      },
      clock_time_get(_id, _precision, ptr) {
        self.view().setBigUint64(ptr, BigInt(Math.round(self.nowMs)) * 1_000_000n, true);
        return 0;
      },
      random_get(ptr, size) {
        crypto.getRandomValues(new Uint8Array(self.memory.buffer, ptr, size));
        return 0;
      },
      environ_sizes_get(countPtr, sizePtr) {
        self.view().setUint32(countPtr, 0, true);
        self.view().setUint32(sizePtr, 0, true);
        return 0;
      },
      environ_get() {
        return 0;
      },
      args_sizes_get(countPtr, sizePtr) {
        self.view().setUint32(countPtr, 0, true);
        self.view().setUint32(sizePtr, 0, true);
        return 0;
      },
      args_get() {
        return 0;
      },
    };
    const wrap = (fns: Record<string, (...args: number[]) => number | void>) =>
      Object.fromEntries(Object.entries(fns).map(([name, fn]) => [name, guard(name, fn)]));
    return { env: wrap(env), wasi_snapshot_preview1: wrap(wasi) };
  }
}

/** The spec's map serialization: count, (key length, value length) pairs, then each key and value NUL-terminated. */
export function serializeMap(pairs: Headers): Uint8Array {
  const encoded = pairs.map(([k, v]) => [encoder.encode(k), encoder.encode(v)] as const);
  const size = 4 + encoded.length * 8 + encoded.reduce((n, [k, v]) => n + k.length + v.length + 2, 0);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  v.setUint32(0, encoded.length, true);
  let at = 4 + encoded.length * 8;
  encoded.forEach(([key, value], i) => {
    v.setUint32(4 + i * 8, key.length, true);
    v.setUint32(8 + i * 8, value.length, true);
    out.set(key, at);
    at += key.length + 1;
    out.set(value, at);
    at += value.length + 1;
  });
  return out;
}

export function deserializeMap(bytes: Uint8Array): Headers {
  if (bytes.length <= 1) return [];
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = v.getUint32(0, true);
  const pairs: Headers = [];
  let at = 4 + count * 8;
  for (let i = 0; i < count; i++) {
    const keyLen = v.getUint32(4 + i * 8, true);
    const valueLen = v.getUint32(8 + i * 8, true);
    const key = decoder.decode(bytes.subarray(at, at + keyLen));
    at += keyLen + 1;
    const value = decoder.decode(bytes.subarray(at, at + valueLen));
    at += valueLen + 1;
    pairs.push([key, value]);
  }
  return pairs;
}
