// The runtime-free engine: give it the module bytes, a WebAssembly.Module or a Response.
export { Engine, loadEngineFrom } from './engine.js';
export { Kernel, type KernelOptions, type WasmSource } from './kernel.js';
export { resolveEra, SUPPORTED_VERSIONS, NEWEST_VERSION, GATES, type Era, type GateName } from './eras.js';
export type * from './types.js';
export { StatusError, isStatusError, type Status, type StatusCause } from '../objects/status.js';
export { portRequestFor, readPortRequest, type PortRequest } from './request.js';
