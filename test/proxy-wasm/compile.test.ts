// The image's producers: GET /v1/nodes/{node}/image (with its ETag) and `tpe compile`, byte for byte
// the library's compileImage.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEMO_CLUSTER } from '../../host/cluster/demo.js';
import { compileImage } from '../../host/cluster/image.js';
import { SnapshotStore } from '../../host/cluster/store.js';
import { createApp } from '../../host/http/app.js';
import { demoSnapshot, engine } from './cluster.js';

describe('GET /v1/nodes/{node}/image', () => {
  const store = new SnapshotStore();
  store.loadObjects(DEMO_CLUSTER, 'demo');
  const app = createApp({ engine, store });

  it('answers the compiled image with a strong ETag, and 304 to If-None-Match', async () => {
    const res = await app.request('/v1/nodes/node-a1/image?mode=external');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/octet-stream');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(body).toEqual(compileImage(engine, store.current.snapshot, 'node-a1', 'external', { revision: 1 }));
    const etag = res.headers.get('etag')!;
    expect(etag).toMatch(/^"[0-9a-f]{16}"$/);
    const again = await app.request('/v1/nodes/node-a1/image?mode=external', { headers: { 'if-none-match': `"other", ${etag}` } });
    expect(again.status).toBe(304);
    // Another node, another mode: other bytes, another tag.
    const internal = await app.request('/v1/nodes/node-a1/image');
    expect(internal.headers.get('etag')).not.toBe(etag);
    const other = await app.request('/v1/nodes/node-b2/image?mode=external', { headers: { 'if-none-match': etag } });
    expect(other.status).toBe(200);
  });

  it('answers 404 for a node the snapshot does not have, 400 for a bad mode', async () => {
    const missing = await app.request('/v1/nodes/node-z9/image');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ kind: 'Status', reason: 'NotFound', details: { kind: 'nodes', name: 'node-z9' } });
    const bad = await app.request('/v1/nodes/node-a1/image?mode=ingress');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ reason: 'BadRequest', details: { causes: [{ field: 'query.mode' }] } });
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { paths: Record<string, unknown> };
    expect(doc.paths).toHaveProperty(['/v1/nodes/{node}/image', 'get']);
  });
});

describe('tpe compile', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const run = (args: string[], input = '') =>
    spawnSync(process.execPath, ['--import', 'tsx', 'surfaces/cli/cli.ts', 'compile', ...args], { cwd: root, input });

  it('writes the image for a node to -o, as compileImage does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tpe-compile-'));
    try {
      const out = join(dir, 'node-b2.tpe');
      const result = run(
        ['-', '--node', 'node-b2', '--mode', 'external', '-o', out],
        JSON.stringify({ apiVersion: 'v1', kind: 'List', items: DEMO_CLUSTER }),
      );
      expect(result.stderr.toString()).toMatch(/^tpe: image for node node-b2 \(external traffic\): \d+ bytes in /);
      expect(result.status).toBe(0);
      expect(new Uint8Array(readFileSync(out))).toEqual(compileImage(engine, demoSnapshot(), 'node-b2', 'external'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 naming the node a dump does not have, and a bad mode', () => {
    const dump = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: DEMO_CLUSTER });
    const missing = run(['-', '--node', 'node-z9', '-o', '/dev/null'], dump);
    expect(missing.status).toBe(2);
    expect(missing.stderr.toString()).toMatch(/^nodes "node-z9" not found in the cluster snapshot/);
    const mode = run(['-', '--node', 'node-a1', '--mode', 'ingress', '-o', '/dev/null'], dump);
    expect(mode.status).toBe(2);
    expect(mode.stderr.toString()).toMatch(/--mode.*must be internal/);
  });
});
