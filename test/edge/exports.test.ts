// The package as Deno, Bun and Workers users import it: its conditional exports resolve `tpe` to
// the runtime-free library (dist/host), never the Node surface, and that library decides the
// conformance table in each runtime exactly as the Node library does.
import { execFile } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import * as esbuild from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startProcess } from '../../surfaces/edge/run.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { cases } from '../conformance/cases.js';
import { outcomeOf } from '../conformance/run.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'node_modules/.bin');
const run = promisify(execFile);

const engine = await loadEngine();
const requests = cases.map((c) => c.request);
const nodeOutcomes = JSON.parse(JSON.stringify(requests.map((r) => outcomeOf((q) => engine.categorize(q), r))));

let project: string;

beforeAll(async () => {
  // A project that depends on tpe: node_modules/tpe is this repository (its dist/, built by npm test).
  project = await mkdtemp(join(tmpdir(), 'tpe-exports-'));
  await mkdir(join(project, 'node_modules'));
  await symlink(ROOT, join(project, 'node_modules/tpe'), 'dir');
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'probe', type: 'module', dependencies: { tpe: '*' } }));
  await writeFile(join(project, 'requests.json'), JSON.stringify(requests));
  for (const probe of ['library.mjs', 'worker.mjs']) await copyFile(new URL(`probes/${probe}`, import.meta.url), join(project, probe));
});

afterAll(async () => {
  if (project) await rm(project, { recursive: true, force: true });
});

interface LibraryProbe {
  runtime: string;
  resolved: { tpe: string; http: string; wasm: string };
  outcomes: unknown[];
  app: { status: number; body: string };
}

const probes: Record<string, string[]> = {
  deno: [join(BIN, 'deno'), 'run', '--allow-read', '--allow-env', 'library.mjs', 'requests.json'],
  bun: [join(BIN, 'bun'), 'library.mjs', 'requests.json'],
};

describe.each(Object.keys(probes))('%s imports the package', (runtime) => {
  it('as the runtime-free library, which decides the conformance table as the Node library does', async () => {
    const [command, ...args] = probes[runtime]!;
    const { stdout } = await run(command!, args, {
      cwd: project,
      timeout: 30_000,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    });
    const probe = JSON.parse(stdout) as LibraryProbe;
    expect(probe.runtime).toBe(runtime);
    expect(probe.resolved.tpe).toBe(`file://${join(ROOT, 'dist/host/index.js')}`);
    expect(probe.resolved.http).toBe(`file://${join(ROOT, 'dist/host/http/index.js')}`);
    expect(probe.resolved.wasm).toBe(`file://${join(ROOT, 'dist/build/tpe.wasm')}`);
    expect(probe.outcomes).toEqual(nodeOutcomes);
    expect(probe.app.status).toBe(200);
    expect(JSON.parse(probe.app.body)).toEqual(nodeOutcomes[0]);
  });
});

describe('a workerd worker imports the package', () => {
  it('bundled with the Workers conditions: the runtime-free library, deciding as the Node library does', async () => {
    const result = await esbuild.build({
      absWorkingDir: project,
      entryPoints: ['worker.mjs'],
      outfile: join(project, 'worker/worker.js'),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      conditions: ['workerd', 'worker', 'browser'],
      external: ['./tpe.wasm'],
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((p) => p.endsWith('dist/host/index.js'))).toBe(true);
    expect(inputs.filter((p) => p.includes('dist/surfaces/'))).toEqual([]);

    // The file `tpe/tpe.wasm` names, as the module beside the worker.
    await copyFile(join(ROOT, 'dist/build/tpe.wasm'), join(project, 'worker/tpe.wasm'));
    await writeFile(
      join(project, 'worker/config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "probe", worker = (
    modules = [(name = "worker.js", esModule = embed "worker.js"), (name = "tpe.wasm", wasm = embed "tpe.wasm")],
    compatibilityDate = "2026-11-01",
  ))],
  sockets = [(name = "http", address = "127.0.0.1:0", http = (), service = "probe")],
);
`,
    );
    const port = await freePort();
    const command = {
      command: join(BIN, 'workerd'),
      args: ['serve', 'config.capnp', '--socket-addr', `http=127.0.0.1:${port}`],
      cwd: join(project, 'worker'),
    };
    const worker = await startProcess('workerd', command, '127.0.0.1', port, { readyPath: '/' });
    try {
      const response = await fetch(`${worker.url}/`, {
        method: 'POST',
        body: JSON.stringify(requests),
        signal: AbortSignal.timeout(10_000),
      });
      expect(response.status, worker.output()).toBe(200);
      expect(await response.json()).toEqual(nodeOutcomes);
    } finally {
      await worker.stop();
    }
  });
});
