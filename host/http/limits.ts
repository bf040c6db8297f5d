// Shape limits on request bodies (docs/contracts.md §3): the byte limit bounds how much is read, these bound
// what a read body may hold — nesting (every consumer of the document walks it) and the number of
// values (YAML aliases can make a small body into a large document). Both answer 413.
import { statusError } from '../objects/status.js';

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
  let values = 0;
  const walk = (v: unknown, depth: number): void => {
    if (++values > limits.maxValues) {
      throw tooLarge(`request body holds more than the limit of ${limits.maxValues} values`);
    }
    if (typeof v !== 'object' || v === null) return;
    if (depth === limits.maxDepth) {
      throw tooLarge(`request body nests objects and lists deeper than the limit of ${limits.maxDepth} levels`);
    }
    if (Array.isArray(v)) {
      for (const item of v) walk(item, depth + 1);
    } else {
      for (const key in v) walk((v as Record<string, unknown>)[key], depth + 1);
    }
  };
  walk(value, 0);
}

function tooLarge(message: string) {
  return statusError('RequestEntityTooLarge', 413, message);
}
