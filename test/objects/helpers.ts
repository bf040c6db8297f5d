// Shared by test/objects: catch the Status a reader throws and pin one cause of it.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { isStatusError, type Status, type StatusCause } from '../../host/objects/status.js';

export function statusOf(fn: () => unknown): Status {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e.status;
    throw e;
  }
  throw new Error('expected a StatusError, but nothing was thrown');
}

/**
 * Asserts an Invalid (400) Status with a cause at exactly `field` (as in details, prefix included)
 * of `reason`, whose message contains every fragment; the Status message repeats the cause.
 */
export function expectCause(fn: () => unknown, field: string, reason: string, ...fragments: string[]): StatusCause {
  const status = statusOf(fn);
  expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Invalid', code: 400 });
  const cause = status.details?.causes?.find((c) => c.field === field);
  expect(cause, `no cause at ${field}; causes: ${JSON.stringify(status.details?.causes)}`).toBeDefined();
  expect(cause!.reason).toBe(reason);
  for (const f of fragments) expect(cause!.message).toContain(f);
  expect(status.message).toContain(cause!.message);
  return cause!;
}

/** The causes' fields, for "exactly these problems" assertions. */
export function causeFields(fn: () => unknown): string[] {
  return (statusOf(fn).details?.causes ?? []).map((c) => c.field);
}

export function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/objects/${name}`, import.meta.url), 'utf8');
}

/** A deep copy of `base` changed by `edit`: each test states only what it changes. */
export function edited<T>(base: T, edit: (obj: any) => void): T {
  const copy = structuredClone(base);
  edit(copy);
  return copy;
}
