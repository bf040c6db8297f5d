// readService: every value the API server rejects (docs/rules.md §8, ValidateService) gets the
// Status it would, and every defaulting rule is applied.
import { describe, expect, it } from 'vitest';
import { readService, type ServiceContext } from '../../host/objects/service.js';
import { causeFields, edited, expectCause, statusOf } from './helpers.js';

const newest: ServiceContext = {
  minor: 35,
  gates: { ServiceInternalTrafficPolicy: true, ServiceTrafficDistribution: true, PreferSameTrafficDistribution: true },
};
const era = (minor: number, gates: Partial<ServiceContext['gates']> = {}): ServiceContext => ({
  minor,
  gates: { ...newest.gates, ...gates },
});

const base = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'cart', namespace: 'shop' },
  spec: { selector: { app: 'cart' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] },
};
const svc = (edit: (s: any) => void) => edited(base, edit);
const read = (raw: unknown, ctx = newest) => readService(raw, ctx);
const reject =
  (edit: (s: any) => void, ctx = newest) =>
  () =>
    read(svc(edit), ctx);

describe('readService: object and metadata', () => {
  it('requires apiVersion v1', () => {
    expectCause(
      reject((s) => delete s.apiVersion),
      'apiVersion',
      'FieldValueRequired',
      'must be "v1"',
    );
    expectCause(
      reject((s) => (s.apiVersion = 'apps/v1')),
      'apiVersion',
      'FieldValueNotSupported',
      '"apps/v1"',
      'supported values: "v1"',
    );
  });

  it('requires kind Service', () => {
    expectCause(
      reject((s) => (s.kind = 'Pod')),
      'kind',
      'FieldValueNotSupported',
      '"Pod"',
      'supported values: "Service"',
    );
    expectCause(
      reject((s) => delete s.kind),
      'kind',
      'FieldValueRequired',
      'must be "Service"',
    );
  });

  it('requires metadata.name', () => {
    expectCause(
      reject((s) => delete s.metadata.name),
      'metadata.name',
      'FieldValueRequired',
      'name or generateName is required',
    );
    expect(causeFields(reject((s) => (s.metadata.name = 7)))).toEqual(['metadata.name']);
  });

  it('requires the name to be a DNS-1035 label', () => {
    expectCause(
      reject((s) => (s.metadata.name = '1cart')),
      'metadata.name',
      'FieldValueInvalid',
      'Invalid value: "1cart"',
      'a DNS-1035 label must consist of',
      "regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?'",
    );
    expectCause(
      reject((s) => (s.metadata.name = 'c'.repeat(64))),
      'metadata.name',
      'FieldValueInvalid',
      'must be no more than 63 characters',
    );
  });

  it('requires the namespace to be a DNS-1123 label', () => {
    expectCause(
      reject((s) => (s.metadata.namespace = 'Shop')),
      'metadata.namespace',
      'FieldValueInvalid',
      'Invalid value: "Shop"',
      'a lowercase RFC 1123 label must consist of',
      "(e.g. 'my-name', or '123-abc'",
    );
  });

  it('defaults the namespace to "default"', () => {
    expect(read(svc((s) => delete s.metadata.namespace)).service.namespace).toBe('default');
  });

  it('keeps labels and annotations, and refuses values that are not strings', () => {
    const { service } = read(svc((s) => Object.assign(s.metadata, { labels: { app: 'cart' }, annotations: { note: 'x' } })));
    expect(service.labels).toEqual({ app: 'cart' });
    expect(service.annotations).toEqual({ note: 'x' });
    expectCause(
      reject((s) => (s.metadata.labels = { version: 1.1 })),
      'metadata.labels[version]',
      'FieldValueTypeInvalid',
      'Invalid value: 1.1',
      'must be a string',
    );
  });

  it('requires the two topology annotations to agree when both are set', () => {
    const both = (mode: string, hints: string) => (s: any) =>
      (s.metadata.annotations = { 'service.kubernetes.io/topology-mode': mode, 'service.kubernetes.io/topology-aware-hints': hints });
    expect(read(svc(both('Auto', 'Auto'))).service.annotations['service.kubernetes.io/topology-mode']).toBe('Auto');
    expectCause(
      reject(both('Auto', 'Disabled')),
      'metadata.annotations[service.kubernetes.io/topology-mode]',
      'FieldValueInvalid',
      '"Auto"',
      'must match annotations[service.kubernetes.io/topology-aware-hints] when both are specified',
    );
  });

  it('refuses a body that is not an object with a BadRequest naming the path', () => {
    const status = statusOf(() => readService('cart', newest, 'service'));
    expect(status).toMatchObject({ reason: 'BadRequest', code: 400 });
    expect(status.message).toBe('service: Invalid value: "cart": must be a v1 Service object');
    expect(status.details?.causes?.[0]).toMatchObject({ field: 'service', reason: 'FieldValueTypeInvalid' });
  });

  it('tolerates unknown fields (managedFields, selfLink, status conditions …)', () => {
    const { service } = read(svc((s) => Object.assign(s.metadata, { managedFields: [{ manager: 'kubectl' }], selfLink: '/x', uid: 'u' })));
    expect(service.name).toBe('cart');
  });
});

describe('readService: collects every problem into one Status', () => {
  it('lists all causes, prefixing the request path in details but not in the message', () => {
    const status = statusOf(() =>
      readService(
        svc((s) => ((s.spec.type = 'Foo'), (s.spec.ports[0].port = 0))),
        newest,
        'service',
      ),
    );
    expect(status.details?.causes?.map((c) => c.field)).toEqual(['service.spec.ports[0].port', 'service.spec.type']);
    expect(status.message).toBe(
      'Service "cart" is invalid: [spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive, spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"]',
    );
    expect(status.details).toMatchObject({ kind: 'Service', name: 'cart' });
  });

  it('accepts a prefix given with its trailing dot', () => {
    expect(
      causeFields(() =>
        readService(
          svc((s) => (s.spec.type = 'Foo')),
          newest,
          'service.',
        ),
      ),
    ).toEqual(['service.spec.type']);
  });

  it('words a single cause as the API server does', () => {
    const status = statusOf(reject((s) => (s.spec.internalTrafficPolicy = 'local')));
    expect(status.message).toBe(
      'Service "cart" is invalid: spec.internalTrafficPolicy: Unsupported value: "local": supported values: "Cluster", "Local"',
    );
  });
});

describe('readService: type', () => {
  it('defaults to ClusterIP', () => {
    expect(read(base).service.type).toBe('ClusterIP');
  });

  it('refuses an unknown type', () => {
    expectCause(
      reject((s) => (s.spec.type = 'Ingress')),
      'spec.type',
      'FieldValueNotSupported',
      '"Ingress"',
      '"ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    );
  });

  it('refuses a type that is not a string', () => {
    expectCause(
      reject((s) => (s.spec.type = 3)),
      'spec.type',
      'FieldValueTypeInvalid',
      'must be a string',
    );
  });
});

describe('readService: ports', () => {
  it('requires at least one port on a non-headless, non-ExternalName Service', () => {
    expectCause(
      reject((s) => delete s.spec.ports),
      'spec.ports',
      'FieldValueRequired',
    );
    expectCause(
      reject((s) => (s.spec.ports = [])),
      'spec.ports',
      'FieldValueRequired',
    );
  });

  it('allows no ports on a headless Service', () => {
    expect(read(svc((s) => ((s.spec.clusterIP = 'None'), delete s.spec.ports))).service.ports).toEqual([]);
  });

  it('requires each port in 1–65535', () => {
    expectCause(
      reject((s) => (s.spec.ports[0].port = 0)),
      'spec.ports[0].port',
      'FieldValueInvalid',
      'Invalid value: 0',
      'must be between 1 and 65535, inclusive',
    );
    expectCause(
      reject((s) => (s.spec.ports[0].port = 65536)),
      'spec.ports[0].port',
      'FieldValueInvalid',
      'Invalid value: 65536',
    );
    expectCause(
      reject((s) => delete s.spec.ports[0].port),
      'spec.ports[0].port',
      'FieldValueInvalid',
      'Invalid value: 0',
    );
  });

  it('refuses a port number given as a string', () => {
    expectCause(
      reject((s) => (s.spec.ports[0].port = '80')),
      'spec.ports[0].port',
      'FieldValueTypeInvalid',
      'Invalid value: "80"',
      'must be an integer',
    );
    expect(causeFields(reject((s) => (s.spec.ports[0].port = '80')))).toEqual(['spec.ports[0].port']);
  });

  it('refuses a port that is not an object', () => {
    expectCause(
      reject((s) => (s.spec.ports = [80])),
      'spec.ports[0]',
      'FieldValueTypeInvalid',
      'must be an object',
    );
  });

  it('defaults protocol to TCP and refuses others than TCP, UDP, SCTP', () => {
    expect(read(base).service.ports[0]!.protocol).toBe('TCP');
    expectCause(
      reject((s) => (s.spec.ports[0].protocol = 'HTTP')),
      'spec.ports[0].protocol',
      'FieldValueNotSupported',
      '"HTTP"',
      'supported values: "SCTP", "TCP", "UDP"',
    );
  });

  it('requires names when there is more than one port', () => {
    const two = (s: any) => (s.spec.ports = [{ port: 80 }, { name: 'https', port: 443 }]);
    expectCause(reject(two), 'spec.ports[0].name', 'FieldValueRequired');
    expect(read(svc((s) => (s.spec.ports = [{ port: 80 }]))).service.ports[0]!.name).toBe('');
  });

  it('requires port names to be DNS-1123 labels', () => {
    expectCause(
      reject((s) => (s.spec.ports[0].name = 'HTTP')),
      'spec.ports[0].name',
      'FieldValueInvalid',
      'Invalid value: "HTTP"',
      'a lowercase RFC 1123 label',
    );
    expectCause(
      reject((s) => (s.spec.ports[0].name = 'web.v1')),
      'spec.ports[0].name',
      'FieldValueInvalid',
      'must not contain dots',
    );
  });

  it('requires port names to be unique', () => {
    expectCause(
      reject(
        (s) =>
          (s.spec.ports = [
            { name: 'web', port: 80 },
            { name: 'web', port: 81 },
          ]),
      ),
      'spec.ports[1].name',
      'FieldValueDuplicate',
      'Duplicate value: "web"',
    );
  });

  it('refuses the same port and protocol twice', () => {
    expectCause(
      reject(
        (s) =>
          (s.spec.ports = [
            { name: 'a', port: 80 },
            { name: 'b', port: 80 },
          ]),
      ),
      'spec.ports[1]',
      'FieldValueDuplicate',
      '"protocol":"TCP"',
      '"port":80',
    );
    expect(
      read(
        svc(
          (s) =>
            (s.spec.ports = [
              { name: 'a', port: 53 },
              { name: 'b', port: 53, protocol: 'UDP' },
            ]),
        ),
      ).service.ports,
    ).toHaveLength(2);
  });

  it('defaults targetPort to port (absent, 0 or "")', () => {
    for (const targetPort of [undefined, 0, '']) {
      expect(read(svc((s) => (s.spec.ports[0] = { port: 8443, targetPort }))).service.ports[0]!.targetPort).toBe(8443);
    }
  });

  it('keeps a named targetPort and requires it to be an IANA service name', () => {
    expect(read(svc((s) => (s.spec.ports[0].targetPort = 'http-alt'))).service.ports[0]!.targetPort).toBe('http-alt');
    expectCause(
      reject((s) => (s.spec.ports[0].targetPort = '8080')),
      'spec.ports[0].targetPort',
      'FieldValueInvalid',
      'Invalid value: "8080"',
      'must contain at least one letter (a-z)',
    );
    expectCause(
      reject((s) => (s.spec.ports[0].targetPort = 'a--b')),
      'spec.ports[0].targetPort',
      'FieldValueInvalid',
      'must not contain consecutive hyphens',
    );
    expectCause(
      reject((s) => (s.spec.ports[0].targetPort = 'metrics-endpoint')),
      'spec.ports[0].targetPort',
      'FieldValueInvalid',
      'must be no more than 15 characters',
    );
    expectCause(
      reject((s) => (s.spec.ports[0].targetPort = 'Web')),
      'spec.ports[0].targetPort',
      'FieldValueInvalid',
      'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
    );
    expectCause(
      reject((s) => (s.spec.ports[0].targetPort = '-web')),
      'spec.ports[0].targetPort',
      'FieldValueInvalid',
      'must not begin or end with a hyphen',
    );
  });

  it('requires an integer targetPort in 1–65535', () => {
    expectCause(
      reject((s) => (s.spec.ports[0].targetPort = 70000)),
      'spec.ports[0].targetPort',
      'FieldValueInvalid',
      'Invalid value: 70000',
      'must be between 1 and 65535, inclusive',
    );
    expectCause(
      reject((s) => (s.spec.ports[0].targetPort = true)),
      'spec.ports[0].targetPort',
      'FieldValueTypeInvalid',
      'must be an integer or a port name',
    );
  });

  it('forbids nodePort on ClusterIP Services', () => {
    expectCause(
      reject((s) => (s.spec.ports[0].nodePort = 30080)),
      'spec.ports[0].nodePort',
      'FieldValueForbidden',
      "may not be used when `type` is 'ClusterIP'",
    );
  });

  it("checks a nodePort only as a port number (the range is the allocator's business)", () => {
    expect(read(svc((s) => ((s.spec.type = 'NodePort'), (s.spec.ports[0].nodePort = 8080)))).service.ports[0]!.nodePort).toBe(8080);
    expectCause(
      reject((s) => ((s.spec.type = 'NodePort'), (s.spec.ports[0].nodePort = 70000))),
      'spec.ports[0].nodePort',
      'FieldValueInvalid',
      'Invalid value: 70000',
      'must be between 1 and 65535, inclusive',
    );
  });

  it('refuses the same nodePort twice for one protocol', () => {
    const ports = [
      { name: 'a', port: 80, nodePort: 30080 },
      { name: 'b', port: 81, nodePort: 30080 },
    ];
    expectCause(
      reject((s) => ((s.spec.type = 'NodePort'), (s.spec.ports = ports))),
      'spec.ports[1].nodePort',
      'FieldValueDuplicate',
      'Duplicate value: 30080',
    );
  });

  it('models an absent nodePort as null', () => {
    expect(read(svc((s) => (s.spec.type = 'NodePort'))).service.ports[0]!.nodePort).toBeNull();
  });
});

describe('readService: externalTrafficPolicy', () => {
  it('defaults to Cluster on NodePort, LoadBalancer, and ClusterIP with externalIPs', () => {
    expect(read(svc((s) => (s.spec.type = 'NodePort'))).service.externalTrafficPolicy).toBe('Cluster');
    expect(read(svc((s) => (s.spec.type = 'LoadBalancer'))).service.externalTrafficPolicy).toBe('Cluster');
    expect(read(svc((s) => (s.spec.externalIPs = ['203.0.113.7']))).service.externalTrafficPolicy).toBe('Cluster');
  });

  it('stays null on an internal-only ClusterIP Service', () => {
    expect(read(base).service.externalTrafficPolicy).toBeNull();
  });

  it('may only be set for externally-accessible services', () => {
    expectCause(
      reject((s) => (s.spec.externalTrafficPolicy = 'Local')),
      'spec.externalTrafficPolicy',
      'FieldValueInvalid',
      'Invalid value: "Local"',
      'may only be set for externally-accessible services',
    );
  });

  it('must be Cluster or Local', () => {
    expectCause(
      reject((s) => ((s.spec.type = 'NodePort'), (s.spec.externalTrafficPolicy = 'local'))),
      'spec.externalTrafficPolicy',
      'FieldValueNotSupported',
      '"local"',
      'supported values: "Cluster", "Local"',
    );
  });

  it('keeps Local on an externally-accessible Service', () => {
    expect(
      read(svc((s) => ((s.spec.externalIPs = ['203.0.113.7']), (s.spec.externalTrafficPolicy = 'Local')))).service.externalTrafficPolicy,
    ).toBe('Local');
  });
});

describe('readService: healthCheckNodePort', () => {
  const lbLocal = (s: any) => ((s.spec.type = 'LoadBalancer'), (s.spec.externalTrafficPolicy = 'Local'));

  it('is kept on LoadBalancer + Local, and null when absent (the registry allocates it)', () => {
    expect(read(svc((s) => (lbLocal(s), (s.spec.healthCheckNodePort = 32000)))).service.healthCheckNodePort).toBe(32000);
    expect(read(svc(lbLocal)).service.healthCheckNodePort).toBeNull();
  });

  it('may only be set on LoadBalancer with Local', () => {
    const msg = "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'";
    expectCause(
      reject((s) => ((s.spec.type = 'NodePort'), (s.spec.externalTrafficPolicy = 'Local'), (s.spec.healthCheckNodePort = 32000))),
      'spec.healthCheckNodePort',
      'FieldValueInvalid',
      'Invalid value: 32000',
      msg,
    );
    expectCause(
      reject((s) => ((s.spec.type = 'LoadBalancer'), (s.spec.healthCheckNodePort = 32000))),
      'spec.healthCheckNodePort',
      'FieldValueInvalid',
      msg,
    );
  });

  it('must be a port number', () => {
    expectCause(
      reject((s) => (lbLocal(s), (s.spec.healthCheckNodePort = 99999))),
      'spec.healthCheckNodePort',
      'FieldValueInvalid',
      'must be between 1 and 65535, inclusive',
    );
  });
});

describe('readService: internalTrafficPolicy', () => {
  it('defaults to Cluster on ClusterIP, NodePort and LoadBalancer', () => {
    for (const type of ['ClusterIP', 'NodePort', 'LoadBalancer']) {
      expect(read(svc((s) => (s.spec.type = type))).service.internalTrafficPolicy).toBe('Cluster');
    }
  });

  it('keeps Local', () => {
    expect(read(svc((s) => (s.spec.internalTrafficPolicy = 'Local'))).service.internalTrafficPolicy).toBe('Local');
  });

  it('must be Cluster or Local', () => {
    expectCause(
      reject((s) => (s.spec.internalTrafficPolicy = 'Topology')),
      'spec.internalTrafficPolicy',
      'FieldValueNotSupported',
      '"Topology"',
      'supported values: "Cluster", "Local"',
    );
    // *ServiceInternalTrafficPolicy: an empty string is set, so it is not defaulted, and it is not a supported value.
    expectCause(
      reject((s) => (s.spec.internalTrafficPolicy = '')),
      'spec.internalTrafficPolicy',
      'FieldValueNotSupported',
      'Unsupported value: ""',
      'supported values: "Cluster", "Local"',
    );
  });

  it('is dropped, with a warning, when the ServiceInternalTrafficPolicy gate is off (1.21)', () => {
    const { service, warnings } = read(
      svc((s) => (s.spec.internalTrafficPolicy = 'Local')),
      era(21, { ServiceInternalTrafficPolicy: false }),
    );
    expect(service.internalTrafficPolicy).toBeNull();
    expect(warnings).toEqual([
      {
        field: 'spec.internalTrafficPolicy',
        message: expect.stringContaining('feature gate ServiceInternalTrafficPolicy is off in Kubernetes 1.21'),
      },
    ]);
  });

  it('is not defaulted when the gate is off', () => {
    const { service, warnings } = read(base, era(21, { ServiceInternalTrafficPolicy: false }));
    expect(service.internalTrafficPolicy).toBeNull();
    expect(warnings).toEqual([]);
  });

  it('is dropped for ExternalName, with a warning', () => {
    const { service, warnings } = read(
      svc((s) => (s.spec = { type: 'ExternalName', externalName: 'db.example.com', internalTrafficPolicy: 'Cluster' })),
    );
    expect(service.internalTrafficPolicy).toBeNull();
    expect(warnings[0]).toMatchObject({ field: 'spec.internalTrafficPolicy', message: expect.stringContaining('ExternalName') });
  });
});

describe('readService: trafficDistribution', () => {
  const td = (value: string) => (s: any) => (s.spec.trafficDistribution = value);

  it('is null when absent', () => {
    expect(read(base).service.trafficDistribution).toBeNull();
  });

  it('is dropped, with a warning, before 1.30', () => {
    const { service, warnings } = read(
      svc(td('PreferClose')),
      era(29, { ServiceTrafficDistribution: false, PreferSameTrafficDistribution: false }),
    );
    expect(service.trafficDistribution).toBeNull();
    expect(warnings).toEqual([
      { field: 'spec.trafficDistribution', message: expect.stringContaining('does not exist in Kubernetes 1.29 (added in 1.30)') },
    ]);
  });

  it('is dropped, with a warning, when the ServiceTrafficDistribution gate is off', () => {
    const { service, warnings } = read(
      svc(td('PreferClose')),
      era(30, { ServiceTrafficDistribution: false, PreferSameTrafficDistribution: false }),
    );
    expect(service.trafficDistribution).toBeNull();
    expect(warnings[0]!.message).toContain('feature gate ServiceTrafficDistribution is off in Kubernetes 1.30');
  });

  it('accepts only PreferClose in 1.30–1.32', () => {
    const ctx = era(31, { PreferSameTrafficDistribution: false });
    expect(read(svc(td('PreferClose')), ctx).service.trafficDistribution).toBe('PreferClose');
    expectCause(
      () => read(svc(td('PreferSameZone')), ctx),
      'spec.trafficDistribution',
      'FieldValueNotSupported',
      '"PreferSameZone"',
      'supported values: "PreferClose"',
    );
  });

  it('accepts only PreferClose in 1.33+ while PreferSameTrafficDistribution is off', () => {
    expectCause(
      () => read(svc(td('PreferSameNode')), era(33, { PreferSameTrafficDistribution: false })),
      'spec.trafficDistribution',
      'FieldValueNotSupported',
      '"PreferSameNode"',
      'supported values: "PreferClose"',
    );
  });

  it('accepts PreferSameZone and PreferSameNode in 1.33+ with the gate on', () => {
    for (const value of ['PreferClose', 'PreferSameZone', 'PreferSameNode']) {
      expect(read(svc(td(value)), era(34)).service.trafficDistribution).toBe(value);
    }
    expectCause(
      () => read(svc(td('preferClose'))),
      'spec.trafficDistribution',
      'FieldValueNotSupported',
      '"preferClose"',
      'supported values: "PreferClose", "PreferSameZone", "PreferSameNode"',
    );
  });
});

describe('readService: externalIPs', () => {
  it('keeps valid IPs of both families', () => {
    expect(read(svc((s) => (s.spec.externalIPs = ['203.0.113.7', '2001:db8::7']))).service.externalIPs).toEqual([
      '203.0.113.7',
      '2001:db8::7',
    ]);
  });

  it('requires valid IP addresses', () => {
    expectCause(
      reject((s) => (s.spec.externalIPs = ['203.0.113'])),
      'spec.externalIPs[0]',
      'FieldValueInvalid',
      'Invalid value: "203.0.113"',
      'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    );
    expectCause(
      reject((s) => (s.spec.externalIPs = ['2001:db8:::7'])),
      'spec.externalIPs[0]',
      'FieldValueInvalid',
      'must be a valid IP address',
    );
  });

  it('refuses special addresses as ValidateNonSpecialIP does', () => {
    expectCause(
      reject((s) => (s.spec.externalIPs = ['0.0.0.0'])),
      'spec.externalIPs[0]',
      'FieldValueInvalid',
      'may not be unspecified (0.0.0.0)',
    );
    expectCause(
      reject((s) => (s.spec.externalIPs = ['127.0.0.2'])),
      'spec.externalIPs[0]',
      'FieldValueInvalid',
      'may not be in the loopback range (127.0.0.0/8, ::1/128)',
    );
    expectCause(
      reject((s) => (s.spec.externalIPs = ['::1'])),
      'spec.externalIPs[0]',
      'FieldValueInvalid',
      'loopback',
    );
    expectCause(
      reject((s) => (s.spec.externalIPs = ['fe80::1'])),
      'spec.externalIPs[0]',
      'FieldValueInvalid',
      'may not be in the link-local range (169.254.0.0/16, fe80::/10)',
    );
    expectCause(
      reject((s) => (s.spec.externalIPs = ['224.0.0.9'])),
      'spec.externalIPs[0]',
      'FieldValueInvalid',
      'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
    );
  });
});

describe('readService: sessionAffinity', () => {
  it('defaults to None without a timeout', () => {
    expect(read(base).service).toMatchObject({ sessionAffinity: 'None', sessionAffinityTimeoutSeconds: null });
  });

  it('defaults the ClientIP timeout to 10800 seconds', () => {
    expect(read(svc((s) => (s.spec.sessionAffinity = 'ClientIP'))).service.sessionAffinityTimeoutSeconds).toBe(10800);
    const given = svc(
      (s) => ((s.spec.sessionAffinity = 'ClientIP'), (s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 60 } })),
    );
    expect(read(given).service.sessionAffinityTimeoutSeconds).toBe(60);
  });

  it('must be None or ClientIP', () => {
    expectCause(
      reject((s) => (s.spec.sessionAffinity = 'Cookie')),
      'spec.sessionAffinity',
      'FieldValueNotSupported',
      '"Cookie"',
      'supported values: "ClientIP", "None"',
    );
  });

  it('requires the ClientIP timeout in 1–86400', () => {
    const timeout = (t: number) => (s: any) => (
      (s.spec.sessionAffinity = 'ClientIP'),
      (s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: t } })
    );
    expectCause(
      reject(timeout(0)),
      'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
      'FieldValueInvalid',
      'Invalid value: 0',
      'must be greater than 0 and less than 86400',
    );
    expectCause(reject(timeout(86401)), 'spec.sessionAffinityConfig.clientIP.timeoutSeconds', 'FieldValueInvalid', 'Invalid value: 86401');
    expect(read(svc(timeout(86400))).service.sessionAffinityTimeoutSeconds).toBe(86400);
  });

  it('forbids sessionAffinityConfig with None', () => {
    expectCause(
      reject((s) => (s.spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 60 } })),
      'spec.sessionAffinityConfig',
      'FieldValueForbidden',
      'must not be set when session affinity is None',
    );
  });
});

describe('readService: clusterIP, clusterIPs and ipFamilies', () => {
  it('defaults ipFamilies to IPv4 when nothing says otherwise', () => {
    expect(read(base).service.ipFamilies).toEqual(['IPv4']);
  });

  it("defaults ipFamilies from the cluster IPs' families", () => {
    expect(read(svc((s) => (s.spec.clusterIP = 'fd00:10:96::a'))).service.ipFamilies).toEqual(['IPv6']);
    expect(
      read(svc((s) => ((s.spec.clusterIP = 'fd00:10:96::a'), (s.spec.clusterIPs = ['fd00:10:96::a', '10.96.0.10'])))).service.ipFamilies,
    ).toEqual(['IPv6', 'IPv4']);
  });

  it('keeps clusterIP, taking it from clusterIPs[0] when only clusterIPs is given', () => {
    expect(read(svc((s) => (s.spec.clusterIP = '10.96.0.10'))).service.clusterIP).toBe('10.96.0.10');
    expect(read(svc((s) => (s.spec.clusterIPs = ['10.96.0.11']))).service.clusterIP).toBe('10.96.0.11');
    expect(read(base).service.clusterIP).toBe('');
  });

  it('models clusterIP None as headless', () => {
    expect(read(svc((s) => (s.spec.clusterIP = 'None'))).service.clusterIP).toBe('None');
  });

  it('refuses ipFamilies other than IPv4 and IPv6', () => {
    expectCause(
      reject((s) => (s.spec.ipFamilies = ['IPv5'])),
      'spec.ipFamilies[0]',
      'FieldValueNotSupported',
      '"IPv5"',
      'supported values: "IPv4", "IPv6"',
    );
  });

  it('refuses a family twice, and more than two', () => {
    expectCause(
      reject((s) => (s.spec.ipFamilies = ['IPv4', 'IPv4'])),
      'spec.ipFamilies[1]',
      'FieldValueDuplicate',
      'Duplicate value: "IPv4"',
    );
    expectCause(
      reject((s) => (s.spec.ipFamilies = ['IPv4', 'IPv6', 'IPv4'])),
      'spec.ipFamilies',
      'FieldValueInvalid',
      'may only hold up to 2 values',
    );
  });

  it('requires valid cluster IPs', () => {
    expectCause(
      reject((s) => (s.spec.clusterIP = '10.96.0.256')),
      'spec.clusterIPs[0]',
      'FieldValueInvalid',
      'Invalid value: "10.96.0.256"',
      'must be a valid IP address',
    );
  });

  it('requires clusterIPs[0] to match clusterIP', () => {
    expectCause(
      reject((s) => ((s.spec.clusterIP = '10.96.0.10'), (s.spec.clusterIPs = ['10.96.0.11']))),
      'spec.clusterIPs',
      'FieldValueInvalid',
      '["10.96.0.11"]',
      'first value must match `clusterIP`',
    );
  });

  it('allows one cluster IP per family, and at most two', () => {
    expectCause(
      reject((s) => (s.spec.clusterIPs = ['10.96.0.10', '10.96.0.11'])),
      'spec.clusterIPs',
      'FieldValueInvalid',
      'may specify no more than one IP for each IP family',
    );
    expectCause(
      reject((s) => (s.spec.clusterIPs = ['10.96.0.10', 'fd00::a', '10.96.0.11'])),
      'spec.clusterIPs',
      'FieldValueInvalid',
      'may only hold up to 2 values',
    );
  });

  it('requires None to be the only cluster IP', () => {
    expectCause(
      reject((s) => (s.spec.clusterIPs = ['None', '10.96.0.10'])),
      'spec.clusterIPs',
      'FieldValueInvalid',
      "'None' must be the first and only value",
    );
  });

  it('requires cluster IPs to match ipFamilies', () => {
    expectCause(
      reject((s) => ((s.spec.clusterIP = 'fd00::a'), (s.spec.ipFamilies = ['IPv4']))),
      'spec.clusterIPs[0]',
      'FieldValueInvalid',
      'Invalid value: "fd00::a"',
      'expected an IPv4 value as indicated by `ipFamilies[0]`',
    );
  });

  it('forbids a headless NodePort or LoadBalancer', () => {
    expectCause(
      reject((s) => ((s.spec.type = 'LoadBalancer'), (s.spec.clusterIP = 'None'))),
      'spec.clusterIPs[0]',
      'FieldValueInvalid',
      "may not be set to 'None' for LoadBalancer services",
    );
    expectCause(
      reject((s) => ((s.spec.type = 'NodePort'), (s.spec.clusterIP = 'None'))),
      'spec.clusterIPs[0]',
      'FieldValueInvalid',
      "may not be set to 'None' for NodePort services",
    );
  });
});

describe('readService: ExternalName', () => {
  const external = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'db' },
    spec: { type: 'ExternalName', externalName: 'db.example.com.' },
  };

  it('needs no ports and gets no policies or families', () => {
    const { service } = read(external);
    expect(service).toMatchObject({
      type: 'ExternalName',
      ports: [],
      internalTrafficPolicy: null,
      externalTrafficPolicy: null,
      ipFamilies: [],
      clusterIP: '',
    });
  });

  it('requires externalName, a DNS subdomain', () => {
    expectCause(() => read(edited(external, (s) => delete s.spec.externalName)), 'spec.externalName', 'FieldValueRequired');
    expectCause(
      () => read(edited(external, (s) => (s.spec.externalName = 'DB_host'))),
      'spec.externalName',
      'FieldValueInvalid',
      'a lowercase RFC 1123 subdomain',
    );
  });

  it('forbids cluster IPs and ipFamilies', () => {
    expectCause(
      () => read(edited(external, (s) => (s.spec.clusterIP = '10.96.0.10'))),
      'spec.clusterIPs',
      'FieldValueForbidden',
      'may not be set for ExternalName services',
    );
    expectCause(
      () => read(edited(external, (s) => (s.spec.ipFamilies = ['IPv4']))),
      'spec.ipFamilies',
      'FieldValueForbidden',
      'may not be set for ExternalName services',
    );
  });
});

describe('readService: LoadBalancer fields', () => {
  const lb = (edit: (s: any) => void = () => {}) => svc((s) => ((s.spec.type = 'LoadBalancer'), edit(s)));

  it('defaults allocateLoadBalancerNodePorts to true on LoadBalancer, null elsewhere', () => {
    expect(read(lb()).service.allocateLoadBalancerNodePorts).toBe(true);
    expect(read(lb((s) => (s.spec.allocateLoadBalancerNodePorts = false))).service.allocateLoadBalancerNodePorts).toBe(false);
    expect(read(base).service.allocateLoadBalancerNodePorts).toBeNull();
  });

  it('forbids allocateLoadBalancerNodePorts on other types', () => {
    expectCause(
      reject((s) => ((s.spec.type = 'NodePort'), (s.spec.allocateLoadBalancerNodePorts = true))),
      'spec.allocateLoadBalancerNodePorts',
      'FieldValueForbidden',
      "may only be used when `type` is 'LoadBalancer'",
    );
  });

  it('reads status.loadBalancer.ingress, ipMode null when absent', () => {
    const { service } = read(
      lb(
        (s) =>
          (s.status = {
            loadBalancer: { ingress: [{ ip: '198.51.100.4' }, { ip: '198.51.100.5', ipMode: 'Proxy' }, { hostname: 'lb.example.com' }] },
          }),
      ),
    );
    expect(service.loadBalancerIngress).toEqual([
      { ip: '198.51.100.4', hostname: null, ipMode: null },
      { ip: '198.51.100.5', hostname: null, ipMode: 'Proxy' },
      { ip: null, hostname: 'lb.example.com', ipMode: null },
    ]);
  });

  it('requires ingress IPs to be IPs and hostnames to be DNS names', () => {
    const ingress = (i: object) => (s: any) => ((s.spec.type = 'LoadBalancer'), (s.status = { loadBalancer: { ingress: [i] } }));
    expectCause(
      reject(ingress({ ip: 'lb-1' })),
      'status.loadBalancer.ingress[0].ip',
      'FieldValueInvalid',
      'Invalid value: "lb-1"',
      'must be a valid IP address',
    );
    expectCause(
      reject(ingress({ hostname: '198.51.100.4' })),
      'status.loadBalancer.ingress[0].hostname',
      'FieldValueInvalid',
      'must be a DNS name, not an IP address',
    );
  });

  it('allows ipMode VIP or Proxy, and only with ip', () => {
    const ingress = (i: object) => (s: any) => ((s.spec.type = 'LoadBalancer'), (s.status = { loadBalancer: { ingress: [i] } }));
    expectCause(
      reject(ingress({ ip: '198.51.100.4', ipMode: 'Direct' })),
      'status.loadBalancer.ingress[0].ipMode',
      'FieldValueNotSupported',
      '"Direct"',
      'supported values: "Proxy", "VIP"',
    );
    expectCause(
      reject(ingress({ hostname: 'lb.example.com', ipMode: 'VIP' })),
      'status.loadBalancer.ingress[0].ipMode',
      'FieldValueForbidden',
      'may not be specified when `ip` is not',
    );
  });
});

describe('readService: selector and other fields', () => {
  it('keeps the selector, null when absent', () => {
    expect(read(base).service.selector).toEqual({ app: 'cart' });
    expect(read(svc((s) => delete s.spec.selector)).service.selector).toBeNull();
  });

  it('validates selector keys and values as labels', () => {
    expectCause(
      reject((s) => (s.spec.selector = { app: 'my cart' })),
      'spec.selector[app]',
      'FieldValueInvalid',
      'Invalid value: "my cart"',
      'a valid label must be an empty string or consist of alphanumeric characters',
    );
    expectCause(
      reject((s) => (s.spec.selector = { 'a/b/c': 'x' })),
      'spec.selector',
      'FieldValueInvalid',
      'Invalid value: "a/b/c"',
      'with an optional DNS subdomain prefix',
    );
  });

  it('defaults publishNotReadyAddresses to false', () => {
    expect(read(base).service.publishNotReadyAddresses).toBe(false);
    expect(read(svc((s) => (s.spec.publishNotReadyAddresses = true))).service.publishNotReadyAddresses).toBe(true);
  });

  it('reads a whole defaulted Service', () => {
    expect(read(base)).toEqual({
      service: {
        namespace: 'shop',
        name: 'cart',
        labels: {},
        annotations: {},
        type: 'ClusterIP',
        clusterIP: '',
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: null }],
        selector: { app: 'cart' },
        internalTrafficPolicy: 'Cluster',
        externalTrafficPolicy: null,
        trafficDistribution: null,
        externalIPs: [],
        allocateLoadBalancerNodePorts: null,
        healthCheckNodePort: null,
        ipFamilies: ['IPv4'],
        sessionAffinity: 'None',
        sessionAffinityTimeoutSeconds: null,
        publishNotReadyAddresses: false,
        loadBalancerIngress: [],
      },
      warnings: [],
    });
  });
});
