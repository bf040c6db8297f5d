// host/objects: Kubernetes objects as users have them (YAML/JSON, Lists, dumps) → the validated,
// defaulted model (model.ts), with Kubernetes Status errors (status.ts).
export * from './model.js';
export * from './status.js';
export { parseDocuments, splitObjects, type SplitObjects } from './parse.js';
export { readService, type ServiceContext } from './service.js';
export { readEndpointSlice } from './endpointslice.js';
export { readNode, readNodeRef } from './node.js';
export { readPod, type ContainerPortModel, type PodModel, type PodPhase } from './pod.js';
