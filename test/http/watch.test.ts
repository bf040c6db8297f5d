// `tpe serve --cluster FILE|DIR`: the watched dump. A good rewrite is swapped in, a bad one keeps the
// last good snapshot and is reported (log, GET /v1/status, /metrics); a directory is read whole,
// including the way a ConfigMap volume updates (a `..data` symlink swapped under symlinked files).
import { mkdtempSync, renameSync, rmSync, symlinkSync, mkdirSync, writeFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAndWatchDump, readDump, type DumpWatch } from '../../surfaces/node/watch.js';
import { SnapshotStore } from '../../host/cluster/store.js';
import { createApp } from '../../host/http/app.js';
import { loadEngine, type Engine } from '../../surfaces/node/index.js';
import { clusterText } from './helpers.js';

// web's pod moved from node-1 to node-2: ITP=Local now routes on node-2 and drops on node-1.
const moved = clusterText.replace(
  'addresses: [10.1.1.10]\n    conditions: { ready: true, serving: true, terminating: false }\n    nodeName: node-1',
  'addresses: [10.1.2.10]\n    conditions: { ready: true }\n    nodeName: node-2',
);
const invalid = moved.replace('    internalTrafficPolicy: Local\n', '    internalTrafficPolicy: local\n');
const waitFor = (check: () => void | Promise<void>) => vi.waitFor(check, { timeout: 5000, interval: 20 });

let engine: Engine;
let dir: string;
let watch: DumpWatch | undefined;
const logged: string[] = [];
beforeAll(async () => {
  engine = await loadEngine();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tpe-watch-'));
  logged.length = 0;
});
afterEach(async () => {
  await watch?.close();
  watch = undefined;
  rmSync(dir, { recursive: true, force: true });
});

const start = async (store: SnapshotStore, path: string) => {
  watch = await loadAndWatchDump(store, path, { log: (l) => logged.push(l), debounceMs: 20 });
};

describe('--cluster FILE', () => {
  it('swaps in a good rewrite, keeps the last good snapshot on a bad one, and reports it', async () => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, clusterText);
    const store = new SnapshotStore();
    const app = createApp({ engine, store });
    await start(store, file);
    expect(store.revision).toBe(1);
    expect(logged).toEqual([
      `tpe: cluster snapshot revision 1 loaded from ${file}: 6 Services, 4 EndpointSlices, 3 Nodes, Kubernetes 1.35 (2 warnings: GET /v1/status)`,
    ]);
    const verdict = async (node: string) =>
      (await (await app.request(`/v1/services/shop/web/decision?node=${node}`)).json()).internal.verdict;
    expect(await verdict('node-1')).toBe('route');

    writeFileSync(file, moved);
    await waitFor(() => expect(store.revision).toBe(2));
    expect(await verdict('node-1')).toBe('drop');
    expect(await verdict('node-2')).toBe('route');

    writeFileSync(file, invalid);
    await waitFor(() => expect(store.failedLoads).toBe(1));
    const status = await (await app.request('/v1/status')).json();
    expect(status).toMatchObject({ revision: 2, failedLoads: 1, lastError: { reason: 'Invalid', code: 400 } });
    expect(status.lastError.message).toMatch(
      new RegExp(
        `^cluster snapshot from ${file} rejected: ${file} \\(object \\d+ of \\d+\\) \\(Service shop/web\\): Service "web" is invalid: spec.internalTrafficPolicy`,
      ),
    );
    expect(logged.at(-1)).toBe(`tpe: ${status.lastError.message}; still serving revision 2`);
    expect(await (await app.request('/metrics')).text()).toContain('tpe_snapshot_last_load_failed 1');
    // The last good snapshot still answers.
    expect(await verdict('node-2')).toBe('route');

    writeFileSync(file, clusterText);
    await waitFor(() => expect(store.revision).toBe(3));
    expect((await (await app.request('/v1/status')).json()).lastError).toBeNull();
    expect(await verdict('node-1')).toBe('route');
  });

  it('an editor’s save (a new file renamed over the old) is seen', async () => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, clusterText);
    const store = new SnapshotStore();
    await start(store, file);
    writeFileSync(join(dir, '.cluster.yaml.tmp'), moved);
    renameSync(join(dir, '.cluster.yaml.tmp'), file);
    await waitFor(() => expect(store.revision).toBe(2));
  });

  it('a file that disappears keeps the snapshot and is reported; its return is loaded', async () => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, clusterText);
    const store = new SnapshotStore();
    await start(store, file);
    unlinkSync(file);
    await waitFor(() =>
      expect(store.status().lastError?.message).toBe(
        `cluster snapshot from ${file} rejected: cannot read ${file}: no such file or directory`,
      ),
    );
    expect(store.revision).toBe(1);
    writeFileSync(file, moved);
    await waitFor(() => expect(store.revision).toBe(2));
    expect(store.status().lastError).toBeNull();
  });

  it('a revert to the text in use after a bad change clears the error in status and metrics', async () => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, clusterText);
    const store = new SnapshotStore();
    const app = createApp({ engine, store });
    await start(store, file);
    writeFileSync(file, invalid);
    await waitFor(() => expect(store.failedLoads).toBe(1));
    expect(await (await app.request('/metrics')).text()).toContain('tpe_snapshot_last_load_failed 1');
    writeFileSync(file, clusterText);
    await waitFor(() => expect(store.status().lastError).toBeNull());
    expect(await (await app.request('/metrics')).text()).toContain('tpe_snapshot_last_load_failed 0');
    expect(store.revision).toBe(2);
  });

  it('a file replaced by a directory is read as one once a dump file appears in it', async () => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, clusterText);
    const store = new SnapshotStore();
    await start(store, file);
    unlinkSync(file);
    mkdirSync(file);
    await waitFor(() => expect(store.status().lastError?.message).toMatch(/^cluster snapshot from .* rejected: /));
    writeFileSync(join(file, 'a.yaml'), moved);
    await waitFor(() => expect(store.revision).toBe(2));
    expect(store.status()).toMatchObject({ lastError: null, counts: { nodes: 3 } });
  });

  it('a rewrite with the same text, or a change to another file beside it, is no new revision', async () => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, clusterText);
    const store = new SnapshotStore();
    await start(store, file);
    const settle = () => new Promise((r) => setTimeout(r, 150));
    writeFileSync(file, clusterText);
    await settle();
    writeFileSync(join(dir, 'notes.txt'), 'hello');
    await settle();
    expect(store.revision).toBe(1);
    // A real change afterwards proves the watcher was listening all along.
    writeFileSync(file, moved);
    await waitFor(() => expect(store.revision).toBe(2));
    expect(logged.filter((l) => l.includes('loaded from'))).toHaveLength(2);
  });

  it('a dump that cannot be loaded at start is an error: there is no last good snapshot to keep', async () => {
    const file = join(dir, 'cluster.yaml');
    writeFileSync(file, invalid);
    await expect(loadAndWatchDump(new SnapshotStore(), file, { log: () => undefined })).rejects.toMatchObject({
      status: { reason: 'Invalid' },
    });
    await expect(loadAndWatchDump(new SnapshotStore(), join(dir, 'nope.yaml'), { log: () => undefined })).rejects.toMatchObject({
      status: { reason: 'BadRequest', message: `cannot read ${join(dir, 'nope.yaml')}: no such file or directory` },
    });
  });
});

describe('--cluster DIR', () => {
  // The fixture split in two files of different formats.
  const [nodes, rest] = [
    clusterText.slice(0, clusterText.indexOf('\n- apiVersion: v1\n  kind: Service')),
    clusterText.slice(clusterText.indexOf('\n- apiVersion: v1\n  kind: Service')),
  ];
  const restAsList = `apiVersion: v1\nkind: List\nitems:${rest}`;

  it('reads every .yaml, .yml and .json in it and below, in name order, skipping dot-files and other names', async () => {
    writeFileSync(join(dir, 'a-nodes.yaml'), nodes);
    mkdirSync(join(dir, 'b'));
    writeFileSync(join(dir, 'b', 'services.yml'), restAsList);
    writeFileSync(join(dir, 'c.json'), JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } }));
    writeFileSync(join(dir, '.d.yaml'), 'not: [valid');
    writeFileSync(join(dir, 'README.md'), '# not a dump');
    expect((await readDump(dir)).map((f) => f.name)).toEqual(['a-nodes.yaml', 'b/services.yml', 'c.json'].map((n) => join(dir, n)));
    const store = new SnapshotStore();
    await start(store, dir);
    expect(store.status().counts).toEqual({ services: 6, endpointSlices: 4, nodes: 3 });
    expect(store.status().warnings.map((w) => w.message)).toContain(
      '1 object of kind Namespace ignored: a snapshot holds Services, EndpointSlices and Nodes',
    );
  });

  it('a bad file is named in the error; fixing it loads the whole directory again', async () => {
    writeFileSync(join(dir, 'a-nodes.yaml'), nodes);
    writeFileSync(join(dir, 'b-services.yaml'), restAsList);
    const store = new SnapshotStore();
    await start(store, dir);
    writeFileSync(join(dir, 'b-services.yaml'), 'items: [\n');
    await waitFor(() =>
      expect(store.status().lastError?.message).toMatch(
        new RegExp(`^cluster snapshot from ${dir} rejected: ${join(dir, 'b-services.yaml')}: invalid YAML`),
      ),
    );
    expect(store.revision).toBe(1);
    writeFileSync(join(dir, 'b-services.yaml'), restAsList.replace('10.1.1.10', '10.1.1.11'));
    await waitFor(() => expect(store.revision).toBe(2));
  });

  it('follows a ConfigMap volume update: files are symlinks through ..data, which is swapped', async () => {
    // The kubelet's atomic writer: ..data -> ..<timestamp>/, cluster.yaml -> ..data/cluster.yaml.
    mkdirSync(join(dir, '..2026_01_01_00_00_00.1'));
    writeFileSync(join(dir, '..2026_01_01_00_00_00.1', 'cluster.yaml'), clusterText);
    symlinkSync('..2026_01_01_00_00_00.1', join(dir, '..data'));
    symlinkSync('..data/cluster.yaml', join(dir, 'cluster.yaml'));
    const store = new SnapshotStore();
    await start(store, dir);
    expect(store.status().counts.services).toBe(6);

    mkdirSync(join(dir, '..2026_01_01_00_01_00.2'));
    writeFileSync(join(dir, '..2026_01_01_00_01_00.2', 'cluster.yaml'), moved);
    symlinkSync('..2026_01_01_00_01_00.2', join(dir, '..data_tmp'));
    renameSync(join(dir, '..data_tmp'), join(dir, '..data'));
    rmSync(join(dir, '..2026_01_01_00_00_00.1'), { recursive: true });
    await waitFor(() => expect(store.revision).toBe(2));
    const app = createApp({ engine, store });
    expect((await (await app.request('/v1/services/shop/web/decision?node=node-2')).json()).internal.verdict).toBe('route');
  });

  it('a directory without a dump file is an error', async () => {
    writeFileSync(join(dir, 'README.md'), '# nothing');
    await expect(readDump(dir)).rejects.toMatchObject({
      status: { message: `cannot read ${dir}: the folder holds no .yaml, .yml or .json file` },
    });
  });
});
