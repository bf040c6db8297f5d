// The CLI reading the cluster from the API server double: `tpe dump --kubeconfig` writes what it
// read as a List, and `tpe simulate --kubeconfig` reports exactly what `tpe simulate` of that dump
// does; `--namespace` narrows the read; FILES and --kubeconfig together, or a bad context, are
// usage errors (checked in this process: each child process costs seconds).
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runOnInput } from '../../surfaces/cli/simulation-run.js';
import { pod } from '../emulator/objects.js';
import { ApiServerDouble } from './apiserver.js';
import { node, service, slice } from './objects.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/** The CLI in a child process; asynchronous, so the double in this process keeps answering. */
function tpe(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'surfaces/cli/cli.ts', ...args],
      { cwd: root, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

let double: ApiServerDouble;
let kubeconfig: string;
beforeAll(async () => {
  double = await new ApiServerDouble().start();
  double.put(node('n1', 'zone-a'));
  double.put(node('n2', 'zone-b'));
  double.put(service('shop', 'web', { internalTrafficPolicy: 'Local' }));
  double.put(slice('shop', 'web-abc', 'web', [{ ip: '10.1.0.1', node: 'n1', zone: 'zone-a' }]));
  double.put(pod('web-1', 'n1', '10.1.0.1', { labels: { app: 'web' } }));
  double.put(service('other', 'db'));
  double.maxPageSize = 1;
  kubeconfig = double.writeKubeconfig();
});
afterAll(async () => {
  await double.stop();
});

describe('the CLI with --kubeconfig', () => {
  it('tpe dump writes the List it read; simulate --kubeconfig equals simulate of that dump', async () => {
    const dump = await tpe(['dump', '--kubeconfig', kubeconfig]);
    expect(dump.stderr).toBe('');
    expect(dump.code).toBe(0);
    const list = parse(dump.stdout) as { kind: string; items: { kind: string; metadata: { name: string } }[] };
    expect(list.kind).toBe('List');
    expect(list.items.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([
      'Node/n1',
      'Node/n2',
      'Service/db',
      'Service/web',
      'EndpointSlice/web-abc',
      'Pod/web-1',
    ]);
    const file = join(dirname(kubeconfig), 'cluster.yaml');
    writeFileSync(file, dump.stdout);

    const [live, offline] = await Promise.all([tpe(['simulate', '--json', '--kubeconfig', kubeconfig]), tpe(['simulate', '--json', file])]);
    expect(live.code).toBe(0);
    expect(offline.code).toBe(0);
    expect(JSON.parse(live.stdout)).toEqual(JSON.parse(offline.stdout));
    expect(JSON.parse(live.stdout).flows.length).toBeGreaterThan(0);
  }, 120_000);

  it('--namespace narrows the namespaced kinds; FILES with --kubeconfig, or neither, are usage errors', async () => {
    const narrow = await tpe(['dump', '--json', '--kubeconfig', kubeconfig, '--namespace', 'other']);
    expect(narrow.code).toBe(0);
    expect(
      JSON.parse(narrow.stdout).items.map((o: { kind: string; metadata: { name: string } }) => `${o.kind}/${o.metadata.name}`),
    ).toEqual(['Node/n1', 'Node/n2', 'Service/db']);
    expect(double.requests.some((r) => r.path === '/api/v1/namespaces/other/services')).toBe(true);
    const never = () => {
      throw new Error('not run');
    };
    await expect(runOnInput(['cluster.yaml'], 'simulate', { kubeconfig }, never)).rejects.toThrow(
      'tpe simulate: FILES and --kubeconfig name two clusters: give one of them',
    );
    await expect(runOnInput([], 'lint', {}, never)).rejects.toThrow('tpe lint: name FILES, or read the cluster with --kubeconfig [PATH]');
    await expect(runOnInput([], 'lint', { kubeconfig, context: 'prod' }, never)).rejects.toThrow(
      '--context: Unsupported value: "prod": supported values: "double"',
    );
  }, 120_000);
});
