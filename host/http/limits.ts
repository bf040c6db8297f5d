// Shape limits on request bodies (docs/contracts.md §3): nesting and the number of values, both 413. The JSON
// reader checks them in its own walk of the document, so they live beside it in host/objects.
export { checkJsonLimits, DEFAULT_JSON_LIMITS, type JsonLimits } from '../objects/limits.js';
