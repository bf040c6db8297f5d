// JSON merge patch (RFC 7386), what `kubectl patch --type merge` applies: objects merge key by key,
// `null` deletes a key, anything else (lists included) replaces the value. Keys are data: the merged
// objects have no prototype, so a patch key `__proto__` is a field named so (which no reader knows),
// never the object's prototype.
import { isObject } from '../../host/objects/fields.js';

export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return structuredCloneJson(patch);
  const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  if (isObject(target)) for (const key of Object.keys(target)) out[key] = target[key];
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(out[key], value);
  }
  return out;
}

function structuredCloneJson(value: unknown): unknown {
  return value === undefined ? undefined : (JSON.parse(JSON.stringify(value)) as unknown);
}
