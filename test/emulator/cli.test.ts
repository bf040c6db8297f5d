// `tpe simulate`, `tpe diff` and `tpe lint` as a user runs them: FILES as files, folders and stdin,
// the options, the three outputs, and exit codes 0 / 1 (--fail-on) / 2 (bad input, reason on
// stderr). What the examples route is pinned by examples.test.ts; here, the command surface.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { CSV_COLUMNS } from '../../emulator/report/csv.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function tpe(args: string[], input = '', env: Record<string, string> = {}) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'surfaces/cli/cli.ts', ...args], {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const agent = 'examples/agent-itp-local';
const web = 'examples/three-zone-web/cluster';
/** The example's files as one multi-document stream, as `kubectl get -o yaml` output would come. */
const agentStream = ['nodes.yaml', 'agent.yaml', 'app.yaml', 'traffic.yaml']
  .map((f) => readFileSync(join(root, agent, f), 'utf8'))
  .join('\n---\n');

const scratch = mkdtempSync(join(tmpdir(), 'tpe-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('FILES', () => {
  it('stdin (-) and a list of files read the same cluster as the folder', () => {
    const folder = tpe(['simulate', '--json', agent]);
    const stdin = tpe(['simulate', '--json', '-'], agentStream);
    const files = tpe(['simulate', '--json', ...['nodes.yaml', 'agent.yaml', 'app.yaml', 'traffic.yaml'].map((f) => `${agent}/${f}`)]);
    expect(folder.code).toBe(0);
    expect(stdin).toMatchObject({ code: 0, stderr: '' });
    expect(stdin.stdout).toBe(folder.stdout);
    expect(files.stdout).toBe(folder.stdout);
  });

  it('folders are read at any depth, JSON files too; other files and dot-entries are skipped', () => {
    const dir = join(scratch, 'nested');
    mkdirSync(join(dir, 'workloads', 'deep'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    writeFileSync(join(dir, 'nodes.yaml'), readFileSync(join(root, agent, 'nodes.yaml')));
    writeFileSync(join(dir, 'workloads', 'agent.yml'), readFileSync(join(root, agent, 'agent.yaml')));
    // The Deployment as JSON, in a sub-sub-folder.
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    };
    writeFileSync(join(dir, 'workloads', 'deep', 'app.json'), JSON.stringify(deployment));
    writeFileSync(join(dir, 'README.md'), '# not a manifest: ---\nkind: [');
    writeFileSync(join(dir, '.git', 'config.yaml'), 'kind: [');
    const run = tpe(['simulate', '--json', dir]);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout);
    // No Traffic: every node running a pod calls every Service port; the agent answers on each node.
    expect(report.meta).toMatchObject({ nodes: 3, pods: 6, services: 1 });
    expect(report.summary.drop).toBe(0);
  });

  it('exits 2 naming the file: missing path, empty folder, unreadable YAML, an invalid object', () => {
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    writeFileSync(join(scratch, 'broken.yaml'), 'kind: Node\nmetadata: [');
    const bad = join(scratch, 'bad-service.yaml');
    writeFileSync(
      bad,
      'apiVersion: v1\nkind: Service\nmetadata: { name: web }\nspec: { internalTrafficPolicy: local, ports: [{ port: 80 }] }\n',
    );
    const cases: Array<[string[], RegExp]> = [
      [['simulate', 'no/such/dir'], /^cannot read no\/such\/dir: no such file or directory\n$/],
      [['simulate', empty], /the folder holds no \.yaml, \.yml or \.json file/],
      [['simulate', join(scratch, 'broken.yaml')], /broken\.yaml: invalid YAML/],
      [
        ['simulate', `${agent}/nodes.yaml`, bad],
        /^.*bad-service\.yaml \(Service web\): Service "web" is invalid: spec\.internalTrafficPolicy: Unsupported value: "local"/,
      ],
    ];
    for (const [args, message] of cases) {
      const run = tpe(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(message);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('exits 2 when the input holds nothing to simulate, saying what it found', () => {
    writeFileSync(join(scratch, 'empty.yaml'), '');
    writeFileSync(join(scratch, 'configmap.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\n');
    writeFileSync(join(scratch, 'no-kind.yaml'), 'metadata: {name: a}\n---\nmetadata: {name: b}\n');
    const cases: Array<[string[], string]> = [
      [
        ['simulate', '/dev/null'],
        '/dev/null: nothing to simulate: no Node, Service, EndpointSlice, Pod, Deployment or DaemonSet (found no objects)',
      ],
      [
        ['simulate', join(scratch, 'empty.yaml')],
        'empty.yaml: nothing to simulate: no Node, Service, EndpointSlice, Pod, Deployment or DaemonSet (found no objects)',
      ],
      [
        ['lint', '--fail-on', 'error', join(scratch, 'configmap.yaml')],
        'configmap.yaml: nothing to simulate: no Node, Service, EndpointSlice, Pod, Deployment or DaemonSet (found 1 ConfigMap)',
      ],
      [
        ['diff', join(scratch, 'no-kind.yaml'), join(scratch, 'no-kind.yaml')],
        'nothing to simulate: no Node, Service, EndpointSlice, Pod, Deployment or DaemonSet (found 2 (no kind))',
      ],
    ];
    for (const [args, message] of cases) {
      const run = tpe(args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain(message);
    }
  });

  it('lint shows the input warnings in its text and in --json', () => {
    const dir = join(scratch, 'warned');
    mkdirSync(dir);
    writeFileSync(join(dir, 'nodes.yaml'), readFileSync(join(root, agent, 'nodes.yaml')));
    // A Pod named twice: the later document wins, with a ReplacedObject warning.
    const podText = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec: {containers: [{name: c, image: x}]}\n';
    writeFileSync(join(dir, 'pods.yaml'), `${podText}---\n${podText}`);
    const text = tpe(['lint', dir]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^Input warnings: \d+\n {2}ReplacedObject {2}Pod shop\/p: /);
    expect(text.stdout).not.toContain('FlowsAggregated');
    const json = JSON.parse(tpe(['lint', '--json', dir]).stdout);
    expect(json.warnings).toContainEqual(expect.objectContaining({ code: 'ReplacedObject' }));
  });

  it('refuses input bigger than it can hold with exit 2, saying how big is too big (never a V8 fatal error)', () => {
    const big = tpe(['simulate', agent], '', { TPE_MAX_INPUT_BYTES: '1000' });
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/^the manifests come to \d+ bytes with .*: tpe reads at most 1000 bytes of manifests at once/);
    const stdin = tpe(['lint', '-'], agentStream, { TPE_MAX_INPUT_BYTES: '1000' });
    expect(stdin.code).toBe(2);
    expect(stdin.stderr).toMatch(/stdin is \d+ bytes: tpe reads at most 1000 bytes/);
  });

  it('a Status of one cause is printed once, not as its message and then the same cause', () => {
    const run = tpe(['simulate', '--kubernetes-version', '1.40', agent]);
    expect(run.code).toBe(2);
    expect(run.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^kubernetesVersion: Unsupported value: "1\.40": supported values: /),
    ]);
  });

  it('a folder that holds a symlink to itself is a cycle, named once', () => {
    const dir = join(scratch, 'cycle');
    mkdirSync(dir);
    writeFileSync(join(dir, 'nodes.yaml'), readFileSync(join(root, agent, 'nodes.yaml')));
    symlinkSync(dir, join(dir, 'again'));
    const run = tpe(['simulate', dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`cannot read ${join(dir, 'again')}: a symlink cycle (it is ${realpathSync(dir)}, a folder that holds it)\n`);
  });

  it('two Traffic objects: the message names both files', () => {
    const run = tpe(['simulate', 'examples/three-zone-web']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(
      'examples/three-zone-web/prefer-same-zone/traffic.yaml: a simulation takes at most one Traffic object (another one is examples/three-zone-web/cluster/traffic.yaml)',
    );
  });
});

describe('tpe simulate options and outputs', () => {
  it('--csv: the documented header and one row per flow', () => {
    const run = tpe(['simulate', '--csv', agent]);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(CSV_COLUMNS.join(','));
    expect(lines).toHaveLength(1 + 3);
    expect(lines[1]).toBe(
      ',spans,pod,shop/web-0,node-a,zone-a,monitoring/node-agent,otlp,internal,clusterIP,false,None,route,20,163840,1,10.244.1.2:4317=1,163840,0,0,0',
    );
  });

  it('--json and --csv together are a usage error', () => {
    const run = tpe(['simulate', '--json', '--csv', agent]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--csv' cannot be used with option '--json'");
  });

  it('--price: a provider or USD per GiB; the cost follows (4 × 819,200 B/s cross-zone for 30 days)', () => {
    const crossBytes = 4 * 50 * 16384 * 30 * 86400;
    const cost = (args: string[]) => JSON.parse(tpe(['simulate', '--json', ...args, web]).stdout).summary.crossZoneCostPerMonth;
    expect(cost(['--price', 'gcp'])).toMatchObject({ provider: 'gcp', usd: (crossBytes / 2 ** 30) * 0.01, billedBothDirections: false });
    expect(cost(['--price', '0.02'])).toMatchObject({ provider: 'custom', usd: (crossBytes / 2 ** 30) * 0.02 });
    const bad = tpe(['simulate', '--price', 'ovh', web]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be aws, gcp, azure or a price in USD per GiB');
  });

  it("--seed overrides the Traffic's; --kubernetes-version and --feature-gate select the era", () => {
    // The example's Traffic says seed 1.
    expect(JSON.parse(tpe(['simulate', '--json', '--seed', '42', agent]).stdout).meta).toMatchObject({
      seed: 42,
      kubernetesVersion: '1.35',
    });
    // 1.34: PreferSameTrafficDistribution is beta; turned off, the API server refuses PreferSameZone (docs/rules.md §8).
    const off = tpe([
      'simulate',
      '--kubernetes-version',
      '1.34',
      '--feature-gate',
      'PreferSameTrafficDistribution=false',
      'examples/three-zone-web/prefer-same-zone',
    ]);
    expect(off.code).toBe(2);
    expect(off.stderr).toMatch(
      /service\.yaml \(Service shop\/api\): Service "api" is invalid: spec\.trafficDistribution: Unsupported value: "PreferSameZone"/,
    );
    expect(tpe(['simulate', '--kubernetes-version', '1.40', agent])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('kubernetesVersion: Unsupported value: "1.40"'),
    });
    expect(tpe(['simulate', '--feature-gate', 'PreferSameTrafficDistribution', agent]).code).toBe(2);
  });

  it('no progress bar when stderr is not a terminal, and lint without --fail-on exits 0 whatever it finds', () => {
    const run = tpe(['lint', 'examples/agent-itp-local-skipped-node']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toContain('ITPLocalNoLocalEndpoint');
  });

  it('--help lists the options and a runnable example', () => {
    const help = tpe(['simulate', '--help']);
    expect(help.code).toBe(0);
    for (const option of ['--seed', '--kubernetes-version', '--feature-gate', '--price', '--generate-slices', '--json', '--csv'])
      expect(help.stdout).toContain(option);
    expect(help.stdout).toContain('$ tpe simulate examples/agent-itp-local');
  });
});

describe('tpe lint and tpe diff', () => {
  it('--fail-on: a severity (or worse) or a code; anything else is a usage error', () => {
    const skipped = 'examples/agent-itp-local-skipped-node';
    expect(tpe(['lint', '--fail-on', 'warning', skipped]).code).toBe(1);
    expect(tpe(['lint', '--fail-on', 'NoEndpoints', skipped]).code).toBe(0);
    const bad = tpe(['lint', '--fail-on', 'fatal', skipped]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('must be a severity (error, warning, info) or a code');
  });

  it('diff of a cluster with itself: nothing changed', () => {
    const run = tpe(['diff', agent, agent]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Flows: 3 → 3; 0 changed, 0 new, 0 gone, 3 unchanged');
    expect(run.stdout).toContain('No flow changed verdict or endpoints.');
  });

  it('diff takes exactly two paths', () => {
    expect(tpe(['diff', agent]).code).toBe(2);
  });
});
