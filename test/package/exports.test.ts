// The package as a user gets it: `npm pack`, installed into a fresh project, every export imported
// there (Node resolves "." to the Node entry with the packaged .wasm); and the browser condition
// bundled by esbuild for `platform: 'browser'`, which must reach no `node:` module.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> };
let work: string;

beforeAll(() => {
  // `npm run build` (part of npm test) has made dist/; pack it without running the prepare script again.
  work = mkdtempSync(join(tmpdir(), 'tpe-pack-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' });
  const [{ filename }] = JSON.parse(out) as [{ filename: string }];
  writeFileSync(join(work, 'package.json'), JSON.stringify({ name: 'user', private: true, type: 'module' }));
  // Unpacked as npm installs it, with tpe's dependencies linked from this checkout (no network).
  const installed = join(work, 'node_modules', 'tpe');
  mkdirSync(installed, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, filename), '-C', installed, '--strip-components=1']);
  const dependencies = Object.keys(
    (JSON.parse(readFileSync(join(installed, 'package.json'), 'utf8')) as { dependencies: object }).dependencies,
  );
  for (const name of dependencies) {
    mkdirSync(join(work, 'node_modules', name, '..'), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(work, 'node_modules', name));
  }
}, 120_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('the packed package', () => {
  it('documents an export for the engine, the emulator, the HTTP app, the .wasm and the Envoy filter', () => {
    expect(Object.keys(pkg.exports).sort()).toEqual([
      '.',
      './emulator',
      './envoy/tpe-filter.wasm',
      './http',
      './package.json',
      './tpe.wasm',
    ]);
  });

  it('imports every export in a fresh Node project and decides with the packaged engine', () => {
    const script = `
      import { loadEngine, NEWEST_VERSION } from 'tpe';
      import { simulate } from 'tpe/emulator';
      import { createApp, SnapshotStore } from 'tpe/http';
      import { createRequire } from 'node:module';
      import { readFileSync } from 'node:fs';
      const wasm = readFileSync(createRequire(import.meta.url).resolve('tpe/tpe.wasm'));
      const engine = await loadEngine();
      const fromBytes = await loadEngine(wasm);
      const request = {
        node: { name: 'a' },
        service: { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP: '10.96.0.1', internalTrafficPolicy: 'Local', ports: [{ port: 80 }] } },
        endpointSlices: [{ apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: 'web-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } }, addressType: 'IPv4', ports: [{ port: 8080 }], endpoints: [{ addresses: ['10.0.0.1'], nodeName: 'b' }] }],
      };
      const app = createApp({ engine, store: new SnapshotStore() });
      const health = await app.request('/healthz');
      console.log(JSON.stringify({
        verdict: engine.categorize(request).internal.verdict,
        sameFromBytes: JSON.stringify(fromBytes.categorize(request)) === JSON.stringify(engine.categorize(request)),
        version: NEWEST_VERSION, simulate: typeof simulate, health: health.status, wasmBytes: wasm.length,
      }));`;
    writeFileSync(join(work, 'use.mjs'), script);
    const out = JSON.parse(execFileSync(process.execPath, ['use.mjs'], { cwd: work, encoding: 'utf8' })) as Record<string, unknown>;
    expect(out).toMatchObject({ verdict: 'drop', sameFromBytes: true, simulate: 'function', health: 200 });
    expect(out.wasmBytes).toBeGreaterThan(1000);
  });

  it('bundles for the browser condition without reaching a node: module', async () => {
    writeFileSync(
      join(work, 'browser.mjs'),
      "export { loadEngine } from 'tpe';\nexport { simulate } from 'tpe/emulator';\nexport { createApp } from 'tpe/http';\n",
    );
    const reached: string[] = [];
    const result = await build({
      entryPoints: [join(work, 'browser.mjs')],
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'esm',
      absWorkingDir: work,
      logLevel: 'silent',
      plugins: [
        {
          name: 'no-node',
          setup: (b) =>
            b.onResolve(
              { filter: /^node:/ },
              (args) => (reached.push(`${args.path} from ${args.importer}`), { path: args.path, external: true }),
            ),
        },
      ],
    });
    expect(reached).toEqual([]);
    expect(result.outputFiles[0]!.text).toContain('loadEngine');
  });
});
