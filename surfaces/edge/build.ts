// `npm run build:edge [-- --cluster FILE|DIR] [--out DIR] [--kubernetes-version V] [--feature-gate Name=true|false]`:
// one bundle per edge runtime, each with the cluster snapshot built in (default: the demo) —
//   dist/edge/workerd/  worker.js + tpe.wasm (a module beside it), config.capnp (workerd), wrangler.toml (Cloudflare)
//   dist/edge/deno/     server.js for `deno serve` (engine inlined)
//   dist/edge/bun/      server.js for `bun` (Bun.serve on the address it is given; engine inlined)
// The dump is validated here as `tpe serve` would, so a bad one fails the build, not the isolate.
import { copyFile, mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import * as esbuild from 'esbuild';
import { DEMO_CLUSTER, DEMO_SOURCE } from '../../host/cluster/demo.js';
import { snapshotFromFiles, snapshotFromObjects, type DumpFile } from '../../host/cluster/snapshot.js';
import { resolveEra } from '../../host/engine/eras.js';
import type { BuiltInBundle, BuiltInSnapshot } from '../../host/http/built-in.js';
import { isStatusError } from '../../host/objects/status.js';

export const EDGE_RUNTIMES = ['workerd', 'deno', 'bun'] as const;
export type EdgeRuntime = (typeof EDGE_RUNTIMES)[number];

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The date workerd and Workers run the worker's APIs as of; the workerd devDependency supports it. */
export const COMPATIBILITY_DATE = '2026-11-01';
export const DEFAULT_WORKERD_ADDRESS = '127.0.0.1:8080';

export interface EdgeBuildOptions {
  /** A dump file or directory (`kubectl get nodes,services,endpointslices -A -o yaml`); default the demo cluster. */
  cluster?: string;
  /** Default dist/edge. */
  outDir?: string;
  kubernetesVersion?: string;
  featureGates?: Record<string, boolean>;
  runtimes?: readonly EdgeRuntime[];
  /** The engine; default build/tpe.wasm (`npm run build:wasm`). */
  wasmPath?: string;
}

export interface EdgeBundle {
  runtime: EdgeRuntime;
  dir: string;
  /** Files written, with their sizes in bytes. */
  files: { name: string; bytes: number }[];
}

export async function buildEdge(options: EdgeBuildOptions = {}): Promise<EdgeBundle[]> {
  const outDir = resolve(options.outDir ?? join(ROOT, 'dist/edge'));
  const wasmPath = options.wasmPath ?? join(ROOT, 'build/tpe.wasm');
  const wasm = await readFile(wasmPath).catch((e: Error) => {
    throw new Error(`cannot read the engine at ${wasmPath}: run \`npm run build:wasm\` first (${e.message})`);
  });
  const bundle: BuiltInBundle = { snapshot: await readSnapshot(options), version: await packageVersion() };
  const built: EdgeBundle[] = [];
  for (const runtime of options.runtimes ?? EDGE_RUNTIMES) {
    const dir = join(outDir, runtime);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    const entry = runtime === 'workerd' ? 'worker' : 'server';
    await esbuild.build({
      entryPoints: [join(ROOT, `surfaces/edge/${runtime}/${entry}.ts`)],
      outfile: join(dir, `${entry}.js`),
      bundle: true,
      format: 'esm',
      platform: 'neutral',
      // Packages' browser/worker builds: none of Node's.
      conditions: runtime === 'workerd' ? ['workerd', 'worker', 'browser'] : [runtime, 'worker', 'browser'],
      mainFields: ['module', 'main'],
      target: 'es2022',
      minify: true,
      legalComments: 'none',
      logLevel: 'warning',
      plugins: [builtInModules(bundle, wasm)],
    });
    if (runtime === 'workerd') {
      await copyFile(wasmPath, join(dir, 'tpe.wasm'));
      await writeFile(join(dir, 'config.capnp'), workerdConfig());
      await writeFile(join(dir, 'wrangler.toml'), wranglerToml());
    }
    built.push({ runtime, dir, files: await sizes(dir) });
  }
  return built;
}

/** `tpe-edge:built-in` is the bundle's JSON, `tpe-edge:engine-bytes` the engine inlined, `tpe-edge:engine-module` the `./tpe.wasm` module beside the bundle. */
function builtInModules(bundle: BuiltInBundle, wasm: Uint8Array): esbuild.Plugin {
  return {
    name: 'tpe-edge',
    setup(build) {
      build.onResolve({ filter: /^tpe-edge:engine-module$/ }, () => ({ path: './tpe.wasm', external: true }));
      build.onResolve({ filter: /^tpe-edge:/ }, (args) => ({ path: args.path, namespace: 'tpe-edge' }));
      build.onLoad({ filter: /^tpe-edge:built-in$/, namespace: 'tpe-edge' }, () => ({ contents: JSON.stringify(bundle), loader: 'json' }));
      build.onLoad({ filter: /^tpe-edge:engine-bytes$/, namespace: 'tpe-edge' }, () => ({ contents: wasm, loader: 'binary' }));
    },
  };
}

async function readSnapshot(options: EdgeBuildOptions): Promise<BuiltInSnapshot> {
  const era = { kubernetesVersion: options.kubernetesVersion, featureGates: options.featureGates };
  const resolved = resolveEra(era.kubernetesVersion, era.featureGates, { version: '--kubernetes-version', gates: '--feature-gate' });
  const eraFields = {
    ...(era.kubernetesVersion === undefined ? {} : { kubernetesVersion: era.kubernetesVersion }),
    ...(era.featureGates === undefined ? {} : { featureGates: era.featureGates }),
  };
  try {
    if (options.cluster === undefined) {
      snapshotFromObjects(DEMO_CLUSTER, resolved, DEMO_SOURCE);
      return { source: DEMO_SOURCE, objects: [...DEMO_CLUSTER], ...eraFields };
    }
    const files = await readDump(options.cluster);
    const source = basename(options.cluster);
    snapshotFromFiles(files, resolved, source);
    return { source, files, ...eraFields };
  } catch (e) {
    if (isStatusError(e)) throw new Error(`--cluster: ${e.status.message}`);
    throw e;
  }
}

/** A file, or every `.yaml`, `.yml` and `.json` under a directory (dot-entries skipped), in name order, as `tpe serve` reads them. */
async function readDump(path: string): Promise<DumpFile[]> {
  const info = await stat(path).catch((e: NodeJS.ErrnoException) => {
    throw new Error(`--cluster: cannot read ${path}: ${e.code ?? e.message}`);
  });
  if (!info.isDirectory()) return [{ name: basename(path), text: await readFile(path, 'utf8') }];
  const names = (await readdir(path, { recursive: true }))
    .filter((name) => /\.(ya?ml|json)$/i.test(name) && !name.split(/[\\/]/).some((part) => part.startsWith('.')))
    .sort();
  if (names.length === 0) throw new Error(`--cluster: ${path} holds no .yaml, .yml or .json file`);
  return Promise.all(names.map(async (name) => ({ name, text: await readFile(join(path, name), 'utf8') })));
}

function workerdConfig(): string {
  return `# workerd serve config.capnp [--socket-addr http=HOST:PORT]   (tpe, the decision service)
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [(name = "tpe", worker = .tpe)],
  sockets = [(name = "http", address = "${DEFAULT_WORKERD_ADDRESS}", http = (), service = "tpe")],
);

const tpe :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "tpe.wasm", wasm = embed "tpe.wasm"),
  ],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  bindings = [
    (name = "TPE_AUTH_TOKEN", fromEnvironment = "TPE_AUTH_TOKEN"),
    (name = "TPE_BODY_LIMIT", fromEnvironment = "TPE_BODY_LIMIT"),
    (name = "TPE_REQUEST_TIMEOUT_MS", fromEnvironment = "TPE_REQUEST_TIMEOUT_MS"),
  ],
);
`;
}

function wranglerToml(): string {
  return `# npx wrangler deploy   (from this directory; wrangler needs Node 22)
# Set a token before exposing PUT /v1/snapshot: npx wrangler secret put TPE_AUTH_TOKEN
name = "tpe"
main = "worker.js"
compatibility_date = "${COMPATIBILITY_DATE}"
# Already bundled by npm run build:edge; tpe.wasm is uploaded as a compiled module beside it.
no_bundle = true
find_additional_modules = true
rules = [{ type = "CompiledWasm", globs = ["**/*.wasm"], fallthrough = false }]
`;
}

async function sizes(dir: string): Promise<{ name: string; bytes: number }[]> {
  const names = (await readdir(dir)).sort();
  return Promise.all(names.map(async (name) => ({ name, bytes: (await stat(join(dir, name))).size })));
}

async function packageVersion(): Promise<string> {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

function parseGate(value: string): [string, boolean] {
  const m = /^([A-Za-z0-9]+)=(true|false)$/.exec(value);
  if (!m) throw new Error(`--feature-gate: ${JSON.stringify(value)} must be Name=true or Name=false`);
  return [m[1]!, m[2] === 'true'];
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cluster: { type: 'string' },
      out: { type: 'string' },
      'kubernetes-version': { type: 'string' },
      'feature-gate': { type: 'string', multiple: true },
    },
  });
  const gates = values['feature-gate']?.map(parseGate);
  const bundles = await buildEdge({
    cluster: values.cluster,
    outDir: values.out,
    kubernetesVersion: values['kubernetes-version'],
    featureGates: gates ? Object.fromEntries(gates) : undefined,
  });
  for (const b of bundles) {
    const files = b.files.map((f) => `${f.name} ${f.bytes.toLocaleString('en-US')} B`).join(', ');
    console.log(`${b.runtime.padEnd(8)} ${relative(process.cwd(), b.dir)}/: ${files}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e: Error) => {
    console.error(`build:edge: ${e.message}`);
    process.exit(2);
  });
}
