// Shape limits on a request document (docs/contracts.md §3): the byte limit bounds how much is read, these bound
// what a read document may hold — nesting (every consumer of the document walks it) and the number
// of values (YAML aliases can make a small body into a large document). Both answer 413. Here in
// host/objects so the JSON reader can check them in the walk it makes anyway (parse.ts).
import { statusError, type StatusError } from './status.js';

export interface JsonLimits {
  /** Containers (objects, arrays) nested inside one another, the outermost one included. */
  maxDepth: number;
  /** Values of every kind, containers included, counted as often as they appear. */
  maxValues: number;
}

export const DEFAULT_JSON_LIMITS: JsonLimits = { maxDepth: 64, maxValues: 100_000 };

/**
 * Throws a 413 Status naming the limit `value` (a parsed request document) exceeds. The walk stops
 * at the first excess, so its recursion is never deeper than `maxDepth` and its work never more than
 * `maxValues` steps, whatever the document holds (shared or even cyclic references included).
 */
export function checkJsonLimits(value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): void {
  const excess = membersWithinLimits(value, limits).excess;
  if (excess) throw excess;
}

/**
 * The walk of checkJsonLimits, which also counts object members on the way: the first limit
 * `value` exceeds (in the walk's order: depth first, members in order), or null, and the members
 * counted — all of them when no limit is exceeded, those before the excess otherwise.
 */
export function membersWithinLimits(value: unknown, limits: JsonLimits): { members: number; excess: StatusError | null } {
  const { maxDepth, maxValues } = limits;
  let values = 0;
  let members = 0;
  const walk = (v: unknown, depth: number): StatusError | null => {
    if (++values > maxValues) return tooLarge(`request body holds more than the limit of ${maxValues} values`);
    if (typeof v !== 'object' || v === null) return null;
    if (depth === maxDepth) return tooLarge(`request body nests objects and lists deeper than the limit of ${maxDepth} levels`);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const excess = walk(v[i], depth + 1);
        if (excess) return excess;
      }
    } else {
      for (const key in v) {
        members += 1;
        const excess = walk((v as Record<string, unknown>)[key], depth + 1);
        if (excess) return excess;
      }
    }
    return null;
  };
  const excess = walk(value, 0);
  return { members, excess };
}

function tooLarge(message: string) {
  return statusError('RequestEntityTooLarge', 413, message);
}
