// Builds the third-party filter (sdk-filter/add-header.ts) with the SDK's documented setup: its WASI
// shim and AssemblyScript's default (incremental) runtime. asc runs as its own process: its library
// lookup (the shim's `lib`) does not survive vitest's module transform.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

export async function buildSdkFilter(): Promise<Uint8Array> {
  const dir = await mkdtemp(join(tmpdir(), 'tpe-sdk-filter-'));
  try {
    const out = join(dir, 'add-header.wasm');
    const args = [
      'node_modules/assemblyscript/bin/asc.js',
      'test/proxy-wasm/sdk-filter/add-header.ts',
      '--config',
      'node_modules/@assemblyscript/wasi-shim/asconfig.json',
      '--runtime',
      'incremental',
      '-o',
      out,
    ];
    await promisify(execFile)(process.execPath, args, { cwd: root, timeout: 120_000 });
    return new Uint8Array(await readFile(out));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
