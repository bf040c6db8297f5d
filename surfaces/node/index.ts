// tpe for Node (the package's "node" export condition): the runtime-free API of host/index.ts, with
// `loadEngine()` reading the packaged .wasm when no source is given.
import { Engine, loadEngineFrom, type KernelOptions, type WasmSource } from '../../host/index.js';
import { readPackagedWasm } from './wasm.js';

export * from '../../host/index.js';

export async function loadEngine(source?: WasmSource, options?: KernelOptions): Promise<Engine> {
  return loadEngineFrom(source ?? (await readPackagedWasm()), options);
}
