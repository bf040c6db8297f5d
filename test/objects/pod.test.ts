// readPod: what the emulator's EndpointSlice controller needs from a Pod.
import { describe, expect, it } from 'vitest';
import { readPod } from '../../host/objects/pod.js';
import { edited, expectCause } from './helpers.js';

const base = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'cart-7c9d8f6b5-h4j2k', namespace: 'shop', labels: { app: 'cart' } },
  spec: {
    nodeName: 'node-a',
    containers: [
      {
        name: 'cart',
        ports: [
          { name: 'http', containerPort: 8080 },
          { containerPort: 9090, protocol: 'UDP' },
        ],
      },
    ],
  },
  status: {
    phase: 'Running',
    podIP: '10.1.0.7',
    podIPs: [{ ip: '10.1.0.7' }, { ip: 'fd00:1::7' }],
    conditions: [{ type: 'Ready', status: 'True' }],
  },
};
const pod = (edit: (p: any) => void) => edited(base, edit);
const reject = (edit: (p: any) => void) => () => readPod(pod(edit));

describe('readPod', () => {
  it('reads a whole Pod', () => {
    expect(readPod(base)).toEqual({
      pod: {
        namespace: 'shop',
        name: 'cart-7c9d8f6b5-h4j2k',
        labels: { app: 'cart' },
        nodeName: 'node-a',
        podIPs: ['10.1.0.7', 'fd00:1::7'],
        phase: 'Running',
        ready: true,
        terminating: false,
        hostNetwork: false,
        containerPorts: [
          { name: 'http', containerPort: 8080, protocol: 'TCP' },
          { name: '', containerPort: 9090, protocol: 'UDP' },
        ],
      },
      warnings: [],
    });
  });

  it('takes podIP when podIPs is absent, and nothing when neither is set', () => {
    expect(readPod(pod((p) => delete p.status.podIPs)).pod.podIPs).toEqual(['10.1.0.7']);
    expect(readPod(pod((p) => (p.status = {}))).pod.podIPs).toEqual([]);
  });

  it('defaults an unscheduled, statusless Pod: no node, Pending, not ready', () => {
    expect(readPod(pod((p) => ((p.spec = {}), (p.status = {})))).pod).toMatchObject({
      nodeName: null,
      phase: 'Pending',
      ready: false,
      containerPorts: [],
    });
  });

  it('is terminating when deletionTimestamp is set', () => {
    expect(readPod(pod((p) => (p.metadata.deletionTimestamp = '2024-06-11T16:41:00Z'))).pod.terminating).toBe(true);
  });

  it('reads hostNetwork and a Ready condition that is not True', () => {
    expect(readPod(pod((p) => (p.spec.hostNetwork = true))).pod.hostNetwork).toBe(true);
    expect(readPod(pod((p) => (p.status.conditions[0].status = 'False'))).pod.ready).toBe(false);
  });

  it('requires apiVersion v1, kind Pod and a DNS-subdomain name', () => {
    expectCause(
      reject((p) => (p.kind = 'Deployment')),
      'kind',
      'FieldValueNotSupported',
      '"Deployment"',
      'supported values: "Pod"',
    );
    expectCause(
      reject((p) => delete p.metadata.name),
      'metadata.name',
      'FieldValueRequired',
    );
    expectCause(
      reject((p) => (p.metadata.name = 'Cart')),
      'metadata.name',
      'FieldValueInvalid',
      'a lowercase RFC 1123 subdomain',
    );
  });

  it('requires spec.nodeName to be a node name', () => {
    expectCause(
      reject((p) => (p.spec.nodeName = 'node a')),
      'spec.nodeName',
      'FieldValueInvalid',
      'Invalid value: "node a"',
    );
  });

  it('requires a known phase', () => {
    expectCause(
      reject((p) => (p.status.phase = 'Terminating')),
      'status.phase',
      'FieldValueNotSupported',
      '"Terminating"',
      'supported values: "Failed", "Pending", "Running", "Succeeded", "Unknown"',
    );
  });

  it('requires valid pod IPs, at most one per family', () => {
    expectCause(
      reject((p) => (p.status.podIPs = [{ ip: '10.1.0' }])),
      'status.podIPs[0].ip',
      'FieldValueInvalid',
      'Invalid value: "10.1.0"',
      'must be a valid IP address',
    );
    expectCause(
      reject((p) => ((p.status.podIPs = undefined), (p.status.podIP = 'x'))),
      'status.podIP',
      'FieldValueInvalid',
      'must be a valid IP address',
    );
    expectCause(
      reject((p) => (p.status.podIPs = [{ ip: '10.1.0.7' }, { ip: '10.1.0.8' }])),
      'status.podIPs',
      'FieldValueInvalid',
      'may specify no more than one IP for each IP family',
    );
  });

  it('requires container ports in 1–65535 with IANA names and known protocols', () => {
    expectCause(
      reject((p) => (p.spec.containers[0].ports[0].containerPort = 0)),
      'spec.containers[0].ports[0].containerPort',
      'FieldValueInvalid',
      'must be between 1 and 65535, inclusive',
    );
    expectCause(
      reject((p) => (p.spec.containers[0].ports[0].name = 'HTTP')),
      'spec.containers[0].ports[0].name',
      'FieldValueInvalid',
      'must contain only alpha-numeric characters',
    );
    expectCause(
      reject((p) => (p.spec.containers[0].ports[1].protocol = 'QUIC')),
      'spec.containers[0].ports[1].protocol',
      'FieldValueNotSupported',
      '"QUIC"',
      '"SCTP", "TCP", "UDP"',
    );
  });
});
