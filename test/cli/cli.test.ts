// The `tpe` CLI as a user runs it: a child process, a request from a file or stdin, the result
// on stdout, and exit codes 0 (answered) and 2 (bad input, reason on stderr).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = 'test/fixtures/requests';
const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

function tpe(args: string[], input?: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'surfaces/cli/cli.ts', ...args], {
    cwd: root,
    input: input ?? '',
    encoding: 'utf8',
  });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('tpe categorize', () => {
  it('reads a YAML file and prints the result as indented JSON', () => {
    const { code, stdout, stderr } = tpe(['categorize', `${fixtures}/itp-local-node-a.yaml`]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^\{\n {2}"service": "shop\/web",\n/);
    expect(JSON.parse(stdout)).toMatchObject({ node: 'node-a', localEndpoints: ['10.0.1.5:8080'], internal: { verdict: 'route' } });
  });

  it('reads a JSON file', () => {
    const { code, stdout } = tpe(['categorize', `${fixtures}/itp-local-node-c.json`]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ node: 'node-c', localEndpoints: [], internal: { verdict: 'drop', endpoints: [] } });
  });

  it.each([[['categorize', '-']], [['categorize']]])('reads stdin (%j), JSON or YAML by content', (args) => {
    const json = tpe(args, readFileSync(`${root}/${fixtures}/itp-local-node-b.json`, 'utf8'));
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ node: 'node-b' });
    const yaml = tpe(args, readFileSync(`${root}/${fixtures}/itp-local-node-a.yaml`, 'utf8'));
    expect(yaml.code).toBe(0);
    expect(JSON.parse(yaml.stdout)).toMatchObject({ node: 'node-a' });
  });

  it('--explain adds the per-endpoint reasons', () => {
    const { code, stdout } = tpe(['categorize', '--explain', `${fixtures}/itp-local-node-a.yaml`]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout).explain).toEqual([
      expect.objectContaining({ endpoint: '10.0.1.5:8080', local: true, reason: 'LocalReady' }),
      expect.objectContaining({ endpoint: '10.0.2.7:8080', local: false, reason: 'NotLocal' }),
    ]);
  });

  it('exits 2 with the Status message and each cause on stderr for an invalid object', () => {
    const { code, stdout, stderr } = tpe(['categorize', `${fixtures}/itp-invalid-policy.yaml`]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toEqual([
      'Service "web" is invalid: spec.internalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"',
      '  service.spec.internalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"',
      '',
    ]);
  });

  it('exits 2 for unreadable input, a missing file and an unknown option, without a stack trace', () => {
    for (const run of [tpe(['categorize'], '{"node": '), tpe(['categorize', 'no/such/request.yaml']), tpe(['categorize', '--nope'])]) {
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(tpe(['categorize'], '{"node": ').stderr).toMatch(/^invalid JSON at line 1/);
    expect(tpe(['categorize', 'no/such/request.yaml']).stderr).toBe('cannot read no/such/request.yaml: no such file\n');
  });
});

describe('tpe help and version', () => {
  it('--version prints the package version', () => {
    expect(tpe(['--version'])).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it.each([[[]], [['categorize']], [['serve']]])('--help on %j exits 0 with an example', (command) => {
    const { code, stdout } = tpe([...command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Usage: tpe/);
    expect(stdout).toMatch(/Examples?:\n {2}\$ tpe /);
  });

  it('the categorize --help heredoc example runs as printed', () => {
    const help = tpe(['categorize', '--help']).stdout;
    const heredoc = /\$ tpe categorize --explain - <<'EOF'\n([\s\S]*?)\n {2}EOF\n/.exec(help);
    expect(heredoc).not.toBeNull();
    const body = heredoc![1]!.replace(/^ {2}/gm, '');
    const { code, stdout } = tpe(['categorize', '--explain', '-'], body);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ service: 'default/web', node: 'node-a', localEndpoints: ['10.0.1.5:8080'] });
  });
});
