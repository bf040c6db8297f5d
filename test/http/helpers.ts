// Shared by the HTTP tests: the cluster fixture as a store, and the checks every Status answer gets.
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { SnapshotStore, type StoreOptions } from '../../host/cluster/store.js';

export const CLUSTER_FIXTURE = 'two-zones.yaml';
export const clusterText = readFileSync(new URL(`../fixtures/cluster/${CLUSTER_FIXTURE}`, import.meta.url), 'utf8');

/** A store holding test/fixtures/cluster/two-zones.yaml as revision 1. */
export function fixtureStore(options: StoreOptions = {}): SnapshotStore {
  const store = new SnapshotStore(options);
  store.loadFiles([{ name: CLUSTER_FIXTURE, text: clusterText }], CLUSTER_FIXTURE);
  return store;
}

export interface StatusBody {
  message: string;
  details?: { kind?: string; name?: string; causes?: { field: string; reason: string; message: string }[] };
}

/** Asserts a Kubernetes Status answer with this code and reason, and returns it. */
export async function expectStatus(res: Response, code: number, reason: string): Promise<StatusBody> {
  expect(res.status).toBe(code);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const status = await res.json();
  expect(status).toMatchObject({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason });
  return status as StatusBody;
}

/** A string body would get `text/plain` from the Request constructor; bytes go without a content type. */
export const bytes = (body: string) => new TextEncoder().encode(body);
