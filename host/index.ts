// tpe for Node: `loadEngine()` reads the packaged .wasm; pass bytes, a WebAssembly.Module or a
// Response to load it from elsewhere.
import { Engine, loadEngineFrom } from './engine/engine.js';
import type { KernelOptions, WasmSource } from './engine/kernel.js';
import { readPackagedWasm } from './adapters/node/wasm.js';

export * from './engine/index.js';

export async function loadEngine(source?: WasmSource, options?: KernelOptions): Promise<Engine> {
  return loadEngineFrom(source ?? (await readPackagedWasm()), options);
}
