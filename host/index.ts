// tpe, runtime-free: the engine API with nothing that names a runtime, for browsers, Workers, Deno
// and Bun (the package's default export condition). `loadEngine(source)` takes the module's bytes,
// a `WebAssembly.Module` or a `Response` (`tpe/tpe.wasm` is the file). In Node the package's "node"
// condition resolves to surfaces/node/index.ts instead, where the source defaults to the packaged file.
import { Engine, loadEngineFrom } from './engine/engine.js';
import type { KernelOptions, WasmSource } from './engine/kernel.js';

export * from './engine/index.js';

export function loadEngine(source: WasmSource, options?: KernelOptions): Promise<Engine> {
  return loadEngineFrom(source, options);
}
