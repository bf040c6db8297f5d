// readNode / readNodeRef: a whole v1 Node or the request's short {name, labels} form.
import { describe, expect, it } from 'vitest';
import { readNode, readNodeRef } from '../../host/objects/node.js';
import { causeFields, edited, expectCause, statusOf } from './helpers.js';

const base = {
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    name: 'ip-10-0-1-20.eu-west-1.compute.internal',
    labels: { 'topology.kubernetes.io/zone': 'eu-west-1a', 'kubernetes.io/os': 'linux' },
  },
  spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
  status: {
    allocatable: { cpu: '3920m', memory: '15Gi' },
    conditions: [
      { type: 'MemoryPressure', status: 'False' },
      { type: 'Ready', status: 'True' },
    ],
  },
};
const node = (edit: (n: any) => void) => edited(base, edit);
const reject = (edit: (n: any) => void) => () => readNode(node(edit));
const cpu = (value: unknown) => readNode(node((n) => (n.status.allocatable.cpu = value))).node.allocatableMilliCPU;

describe('readNode', () => {
  it('reads a whole Node', () => {
    expect(readNode(base)).toEqual({
      node: {
        name: 'ip-10-0-1-20.eu-west-1.compute.internal',
        labels: base.metadata.labels,
        zone: 'eu-west-1a',
        controlPlane: false,
        allocatableMilliCPU: 3920,
        ready: true,
        unschedulable: false,
        taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      },
      warnings: [],
    });
  });

  it('reads zone "" when the zone label is missing', () => {
    expect(readNode(node((n) => (n.metadata.labels = {}))).node.zone).toBe('');
  });

  it('marks control-plane nodes by their role label, whatever its value', () => {
    expect(readNode(node((n) => (n.metadata.labels['node-role.kubernetes.io/control-plane'] = ''))).node.controlPlane).toBe(true);
  });

  it('requires apiVersion v1 and kind Node', () => {
    expectCause(
      reject((n) => (n.apiVersion = 'v2')),
      'apiVersion',
      'FieldValueNotSupported',
      '"v2"',
      'supported values: "v1"',
    );
    expectCause(
      reject((n) => (n.kind = 'Nodes')),
      'kind',
      'FieldValueNotSupported',
      '"Nodes"',
      'supported values: "Node"',
    );
  });

  it('requires a name that is a DNS subdomain', () => {
    expectCause(
      reject((n) => delete n.metadata.name),
      'metadata.name',
      'FieldValueRequired',
      'name or generateName is required',
    );
    expectCause(
      reject((n) => (n.metadata.name = 'Node_1')),
      'metadata.name',
      'FieldValueInvalid',
      'Invalid value: "Node_1"',
      'a lowercase RFC 1123 subdomain',
    );
  });

  it('ignores a namespace (Nodes are cluster-scoped)', () => {
    expect(readNode(node((n) => (n.metadata.namespace = 'Whatever'))).node.name).toBe(base.metadata.name);
  });

  it('parses allocatable cpu quantities into millicores, rounding up', () => {
    expect(cpu('4')).toBe(4000);
    expect(cpu('3500m')).toBe(3500);
    expect(cpu('1.5')).toBe(1500);
    expect(cpu('0.0035')).toBe(4);
    expect(cpu('100n')).toBe(1);
    expect(cpu('2k')).toBe(2_000_000);
    expect(cpu('1e3')).toBe(1_000_000);
    expect(cpu('1Ki')).toBe(1_024_000);
    expect(cpu(8)).toBe(8000);
    expect(readNode(node((n) => delete n.status.allocatable)).node.allocatableMilliCPU).toBeNull();
  });

  it('refuses quantities that are not quantities', () => {
    expectCause(
      reject((n) => (n.status.allocatable.cpu = 'four')),
      'status.allocatable.cpu',
      'FieldValueInvalid',
      'Invalid value: "four"',
      "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
    );
    expectCause(
      reject((n) => (n.status.allocatable.cpu = '4Mm')),
      'status.allocatable.cpu',
      'FieldValueInvalid',
      "unable to parse quantity's suffix",
    );
    expectCause(
      reject((n) => (n.status.allocatable.cpu = '-1')),
      'status.allocatable.cpu',
      'FieldValueInvalid',
      'must be greater than or equal to 0',
    );
  });

  it('reads the Ready condition: True, otherwise false, null when absent', () => {
    const ready = (status: string) => readNode(node((n) => (n.status.conditions[1].status = status))).node.ready;
    expect(ready('False')).toBe(false);
    expect(ready('Unknown')).toBe(false);
    expect(readNode(node((n) => delete n.status.conditions)).node.ready).toBeNull();
    expect(readNode(node((n) => n.status.conditions.pop())).node.ready).toBeNull();
  });

  it('reads spec.unschedulable, false by default', () => {
    expect(readNode(base).node.unschedulable).toBe(false);
    expect(readNode(node((n) => (n.spec.unschedulable = true))).node.unschedulable).toBe(true);
    expectCause(
      reject((n) => (n.spec.unschedulable = 'true')),
      'spec.unschedulable',
      'FieldValueTypeInvalid',
      'must be a boolean',
    );
  });

  it('defaults a taint value to ""', () => {
    expect(readNode(node((n) => (n.spec.taints = [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }]))).node.taints).toEqual([
      { key: 'node.kubernetes.io/unreachable', value: '', effect: 'NoExecute' },
    ]);
  });

  it('requires taint keys and effects', () => {
    expectCause(
      reject((n) => delete n.spec.taints[0].key),
      'spec.taints[0].key',
      'FieldValueRequired',
    );
    expectCause(
      reject((n) => (n.spec.taints[0].key = 'a/b/c')),
      'spec.taints[0].key',
      'FieldValueInvalid',
      'a qualified name',
    );
    expectCause(
      reject((n) => delete n.spec.taints[0].effect),
      'spec.taints[0].effect',
      'FieldValueRequired',
    );
    expectCause(
      reject((n) => (n.spec.taints[0].effect = 'NoEntry')),
      'spec.taints[0].effect',
      'FieldValueNotSupported',
      '"NoEntry"',
      'supported values: "NoExecute", "NoSchedule", "PreferNoSchedule"',
    );
    expectCause(
      reject((n) => (n.spec.taints[0].value = 'a b')),
      'spec.taints[0].value',
      'FieldValueInvalid',
      'a valid label must be',
    );
  });
});

describe('readNodeRef', () => {
  it('reads the short {name, labels} form', () => {
    expect(readNodeRef({ name: 'node-a', labels: { 'topology.kubernetes.io/zone': 'zone-a' } }, 'node')).toEqual({
      node: {
        name: 'node-a',
        labels: { 'topology.kubernetes.io/zone': 'zone-a' },
        zone: 'zone-a',
        controlPlane: false,
        allocatableMilliCPU: null,
        ready: null,
        unschedulable: false,
        taints: [],
      },
      warnings: [],
    });
  });

  it('reads a short form without labels: zone ""', () => {
    expect(readNodeRef({ name: 'node-a' }).node.zone).toBe('');
  });

  it('reads a whole Node too', () => {
    expect(readNodeRef(base, 'node').node.allocatableMilliCPU).toBe(3920);
  });

  it('requires the short form name, a DNS subdomain, at the request path', () => {
    expectCause(() => readNodeRef({ labels: {} }, 'node'), 'node.name', 'FieldValueRequired');
    expectCause(
      () => readNodeRef({ name: 'Node A' }, 'node.'),
      'node.name',
      'FieldValueInvalid',
      'Invalid value: "Node A"',
      'a lowercase RFC 1123 subdomain',
    );
    expect(statusOf(() => readNodeRef({ name: 'Node A' }, 'node')).message).toMatch(/^Node "Node A" is invalid: name: Invalid value/);
  });

  it('requires short form labels to be strings', () => {
    expect(causeFields(() => readNodeRef({ name: 'node-a', labels: { zone: 3 } }, 'node'))).toEqual(['node.labels[zone]']);
  });

  it('warns about fields the short form does not have', () => {
    expect(readNodeRef({ name: 'node-a', zone: 'zone-a' }, 'node').warnings).toEqual([
      { field: 'node.zone', message: expect.stringContaining('only name and labels') },
    ]);
  });

  it('refuses a node that is not an object', () => {
    expect(statusOf(() => readNodeRef('node-a', 'node'))).toMatchObject({ reason: 'BadRequest', code: 400 });
  });
});
