// The controls' edits of a Service's YAML (surfaces/playground/yaml-edit.ts): the smallest change
// that sets or removes the field, comments and layout elsewhere untouched, and the result still
// the same objects but for that field.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { setField } from '../../surfaces/playground/yaml-edit.js';

const FILE = `# the agent
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: agent }
---
apiVersion: v1
kind: Service
metadata: { name: agent, namespace: monitoring }   # flow style
spec:
  selector: { app: agent }   # keep me
  internalTrafficPolicy: Local
  ports: [{ name: otlp, port: 4317 }]
`;

const values = (text: string) => parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);

describe('setField', () => {
  it('replaces a value in place and nothing else', () => {
    const out = setField(FILE, 1, ['spec', 'internalTrafficPolicy'], 'Cluster');
    expect(out).toBe(FILE.replace('internalTrafficPolicy: Local', 'internalTrafficPolicy: Cluster'));
  });

  it('adds a key to a block mapping as one line at its indentation, and removes it again', () => {
    const out = setField(FILE, 1, ['spec', 'trafficDistribution'], 'PreferSameZone');
    expect(out).toBe(FILE.replace('spec:\n', 'spec:\n  trafficDistribution: PreferSameZone\n'));
    expect(setField(out, 1, ['spec', 'trafficDistribution'], null)).toBe(FILE);
  });

  it('writes a flow mapping out in block style to add an annotation; removing the last one removes the mapping', () => {
    const out = setField(FILE, 1, ['metadata', 'annotations', 'service.kubernetes.io/topology-mode'], 'Auto');
    const [daemonSet, service] = values(out);
    expect(daemonSet).toEqual(values(FILE)[0]);
    expect(service!.metadata).toEqual({
      name: 'agent',
      namespace: 'monitoring',
      annotations: { 'service.kubernetes.io/topology-mode': 'Auto' },
    });
    expect(service!.spec).toEqual(values(FILE)[1]!.spec);
    expect(out).toContain('# keep me');
    const back = setField(out, 1, ['metadata', 'annotations', 'service.kubernetes.io/topology-mode'], null);
    expect(values(back)).toEqual(values(FILE));
  });

  it('removing a field that is not there changes nothing', () => {
    expect(setField(FILE, 1, ['spec', 'externalTrafficPolicy'], null)).toBe(FILE);
  });

  it('refuses a file that does not parse', () => {
    expect(() => setField('a: [', 0, ['a'], 'b')).toThrow(/does not parse/);
  });
});
