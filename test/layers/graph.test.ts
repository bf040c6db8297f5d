// The import graph runs one way (.dependency-cruiser.cjs; README "How it is built"). The check runs
// in `npm test` over the real tree; here it is also shown to fail on a planted back edge and a planted
// cycle, so a passing check means something.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url).pathname;
const depcruise = join(root, 'node_modules/.bin/depcruise');

function cruise(cwd: string, paths: string[]) {
  const run = spawnSync(depcruise, [...paths, '--config', join(cwd, '.dependency-cruiser.cjs')], {
    cwd,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

/** A tree with the repository's rules and the given files, to plant edges in. */
function plant(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tpe-layers-'));
  planted.push(dir);
  copyFileSync(join(root, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  copyFileSync(join(root, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
const planted: string[] = [];
afterAll(() => planted.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe('the layer check', () => {
  it('passes on the repository', () => {
    const run = cruise(root, ['host', 'emulator', 'surfaces']);
    expect(run.output).toContain('no dependency violations');
    expect(run.status).toBe(0);
  });

  it.each([
    [
      'host-is-below-emulator-and-surfaces',
      { 'host/objects/a.ts': "import { b } from '../../emulator/b.js';\nexport const a = b;\n", 'emulator/b.ts': 'export const b = 1;\n' },
    ],
    ['core-is-runtime-free', { 'host/engine/a.ts': "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n" }],
    [
      'objects-below-engine',
      { 'host/objects/a.ts': "import { b } from '../engine/b.js';\nexport const a = b;\n", 'host/engine/b.ts': 'export const b = 1;\n' },
    ],
    [
      'no-surface-imports-another',
      { 'surfaces/edge/a.ts': "import { b } from '../node/b.js';\nexport const a = b;\n", 'surfaces/node/b.ts': 'export const b = 1;\n' },
    ],
    [
      'edge-entries-are-thin',
      {
        'surfaces/edge/bun/a.ts': "import { b } from '../deno/b.js';\nexport const a = b;\n",
        'surfaces/edge/deno/b.ts': 'export const b = 1;\n',
      },
    ],
    [
      'edge-entries-use-no-node-module',
      { 'surfaces/edge/deno/a.ts': "import { readFileSync } from 'node:fs';\nexport const a = readFileSync;\n" },
    ],
    [
      'emulator-stages-below-renderers',
      {
        'emulator/model/a.ts': "import { b } from '../report/b.js';\nexport const a = b;\n",
        'emulator/report/b.ts': 'export const b = 1;\n',
      },
    ],
    [
      'no-cycle',
      {
        'host/cluster/a.ts': "import { b } from './b.js';\nexport const a = () => b;\n",
        'host/cluster/b.ts': "import { a } from './a.js';\nexport const b = () => a;\n",
      },
    ],
  ])('fails on a planted %s violation', (rule, files) => {
    const dir = plant(files);
    const run = cruise(
      dir,
      ['host', 'emulator', 'surfaces'].filter((top) => Object.keys(files).some((f) => f.startsWith(`${top}/`))),
    );
    expect(run.status).not.toBe(0);
    expect(run.output).toContain(rule);
  });
});
