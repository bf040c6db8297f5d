// npm run build:edge with a cluster of one's own: the dump and era are built in (and checked at
// build time), and the bundle answers from them as `tpe serve --cluster` on the same file does.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SnapshotStore } from '../../host/cluster/store.js';
import { resolveEra } from '../../host/engine/eras.js';
import { createApp } from '../../host/http/app.js';
import { parseDocuments } from '../../host/objects/parse.js';
import { buildEdge } from '../../surfaces/edge/build.js';
import { freePort, startEdge } from '../../surfaces/edge/run.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { nodesOf, servicePortsOf } from './cluster.js';
import { answerOf, expectSameAnswer, inBatches } from './compare.js';

const FIXTURE = 'two-zones.yaml';
const fixturePath = new URL(`../fixtures/cluster/${FIXTURE}`, import.meta.url).pathname;
const fixtureText = await readFile(fixturePath, 'utf8');

let outDir: string;

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'tpe-edge-build-'));
});

afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe('npm run build:edge --cluster', () => {
  it('builds the dump and era in: the bundle answers every decision as tpe serve --cluster does', async () => {
    const [bundle] = await buildEdge({ outDir, cluster: fixturePath, kubernetesVersion: '1.30', runtimes: ['bun'] });
    expect(bundle!.files.map((f) => f.name)).toEqual(['server.js']);

    const store = new SnapshotStore({ era: resolveEra('1.30', undefined) });
    store.loadFiles([{ name: FIXTURE, text: fixtureText }], FIXTURE);
    const node = createApp({ engine: await loadEngine(), store });
    const bun = await startEdge('bun', outDir, '127.0.0.1', await freePort());
    try {
      const objects = parseDocuments(fixtureText);
      const questions = servicePortsOf(objects).flatMap((s) =>
        nodesOf(objects).map((n) => `/v1/services/${s.service}/decision?node=${n}&port=${s.port}`),
      );
      await inBatches(questions, 8, async (q) => {
        const edge = await answerOf(await fetch(`${bun.url}${q}`, { signal: AbortSignal.timeout(10_000) }));
        expectSameAnswer('bun', q, edge, await answerOf(await node.request(q)));
      });
      const status = (await (await fetch(`${bun.url}/v1/status`)).json()) as Record<string, unknown>;
      expect(status).toMatchObject({ source: FIXTURE, kubernetesVersion: '1.30', revision: 1 });
    } finally {
      await bun.stop();
    }
  });

  it('writes the workerd bundle: the worker, the engine as a module beside it, a config and a wrangler.toml', async () => {
    const [bundle] = await buildEdge({ outDir, runtimes: ['workerd'] });
    expect(bundle!.files.map((f) => f.name)).toEqual(['config.capnp', 'tpe.wasm', 'worker.js', 'wrangler.toml']);
    const dir = join(outDir, 'workerd');
    expect(await readFile(join(dir, 'tpe.wasm'))).toEqual(await readFile(new URL('../../build/tpe.wasm', import.meta.url)));
    expect(await readFile(join(dir, 'config.capnp'), 'utf8')).toContain('(name = "tpe.wasm", wasm = embed "tpe.wasm")');
    expect(await readFile(join(dir, 'wrangler.toml'), 'utf8')).toMatch(/main = "worker\.js"[\s\S]*type = "CompiledWasm"/);
  });

  it('refuses a dump tpe serve would refuse, naming the object and field', async () => {
    const bad = join(outDir, 'bad.yaml');
    await writeFile(
      bad,
      'apiVersion: v1\nkind: Node\nmetadata: { name: n1 }\n---\napiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { internalTrafficPolicy: Sideways }\n',
    );
    await expect(buildEdge({ outDir, cluster: bad, runtimes: ['bun'] })).rejects.toThrow(/^--cluster: .*internalTrafficPolicy.*Sideways/);
    await expect(buildEdge({ outDir, cluster: join(outDir, 'missing.yaml'), runtimes: ['bun'] })).rejects.toThrow(
      /^--cluster: cannot read .*missing\.yaml: ENOENT/,
    );
    await expect(buildEdge({ outDir, kubernetesVersion: '1.99', runtimes: ['bun'] })).rejects.toThrow(/--kubernetes-version/);
  });
});
