// A v1 Service, defaulted and validated as the API server would store it (docs/rules.md §8):
// defaulting from pkg/apis/core/v1 defaults.go (SetDefaults_Service) and the registry's create
// strategy, checks from pkg/apis/core/validation ValidateService and ValidateLoadBalancerStatus,
// restricted to the fields tpe reads. Gated fields the API server would drop are dropped, with a
// warning. All problems are reported together, in upstream's order.
import type {
  IPFamily,
  InputWarning,
  LoadBalancerIngressModel,
  ServiceModel,
  ServicePortModel,
  ServiceType,
  TrafficPolicy,
} from './model.js';
import { fieldError, invalid } from './status.js';
import { child, index, prefixOf, Reader, readObjectMeta, requireObject, withoutDot, type Obj, type Path } from './fields.js';
import { dns1035Label, dns1123Label, dns1123Subdomain, endpointIP, INVALID_IP, parseIP, portName, portNumber } from './formats.js';
import { ANNOTATION_TOPOLOGY_AWARE_HINTS, ANNOTATION_TOPOLOGY_MODE, DEFAULT_AFFINITY_TIMEOUT_SECONDS } from './well-known.js';

export interface ServiceContext {
  /** Kubernetes minor version (1.N) whose API server reads the object. */
  minor: number;
  gates: { ServiceInternalTrafficPolicy: boolean; ServiceTrafficDistribution: boolean; PreferSameTrafficDistribution: boolean };
}

// Supported-value lists are sorted, as upstream's sets.List prints them.
const TYPES: readonly ServiceType[] = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'] as const;
const POLICIES: readonly TrafficPolicy[] = ['Cluster', 'Local'];
const AFFINITIES = ['ClientIP', 'None'] as const;
const FAMILIES: readonly IPFamily[] = ['IPv4', 'IPv6'];
const IP_MODES = ['Proxy', 'VIP'] as const;
/** core.MaxClientIPServiceAffinitySeconds; the default is DefaultClientIPServiceAffinitySeconds. */
const MAX_AFFINITY_SECONDS = 86400;

const oneOf = <T extends string>(values: readonly T[], v: string): v is T => (values as readonly string[]).includes(v);

export function readService(raw: unknown, ctx: ServiceContext, path = ''): { service: ServiceModel; warnings: InputWarning[] } {
  const prefix = prefixOf(path);
  const obj = requireObject(raw, withoutDot(path), 'v1 Service');
  const r = new Reader(prefix);
  const meta = readObjectMeta(r, obj, {
    kind: 'Service',
    apiVersions: ['v1'],
    nameFormat: dns1035Label,
    nameRequired: true,
    namespaced: true,
  });
  const spec = r.object(obj, 'spec', '') ?? {};

  const modeValue = meta.annotations[ANNOTATION_TOPOLOGY_MODE];
  const hintsValue = meta.annotations[ANNOTATION_TOPOLOGY_AWARE_HINTS];
  if (modeValue !== undefined && hintsValue !== undefined && modeValue !== hintsValue) {
    r.fail(
      fieldError.invalid(
        `metadata.annotations[${ANNOTATION_TOPOLOGY_MODE}]`,
        modeValue,
        `must match annotations[${ANNOTATION_TOPOLOGY_AWARE_HINTS}] when both are specified`,
      ),
    );
  }

  // SetDefaults_Service: an empty type is ClusterIP. An unsupported type is reported below and
  // matches none of the type-dependent rules, as upstream.
  const type = r.string(spec, 'type', 'spec') || 'ClusterIP';
  const addresses = readAddresses(r, spec, type);
  const ports = readPorts(r, spec, type, addresses.headless);
  const selector = r.labels(spec, 'selector', 'spec') ?? null;
  const affinity = readAffinity(r, spec);
  if (!oneOf(TYPES, type)) r.fail(fieldError.notSupported('spec.type', type, TYPES));

  const allocate = r.bool(spec, 'allocateLoadBalancerNodePorts', 'spec');
  if (allocate !== undefined && type !== 'LoadBalancer') {
    r.fail(fieldError.forbidden('spec.allocateLoadBalancerNodePorts', "may only be used when `type` is 'LoadBalancer'"));
  }
  const policies = readPolicies(r, spec, type, addresses.externalIPs.length > 0, ctx);
  const loadBalancerIngress = readIngress(r, obj);

  if (r.causes.length) throw invalid('Service', meta.name, r.causes, prefix);
  return {
    service: {
      namespace: meta.namespace,
      name: meta.name,
      labels: meta.labels,
      annotations: meta.annotations,
      type: type as ServiceType,
      clusterIP: addresses.clusterIP,
      ports,
      selector,
      // Field by field rather than spread: spreads into a literal are slow in V8.
      externalTrafficPolicy: policies.externalTrafficPolicy,
      healthCheckNodePort: policies.healthCheckNodePort,
      internalTrafficPolicy: policies.internalTrafficPolicy,
      trafficDistribution: policies.trafficDistribution,
      externalIPs: addresses.externalIPs,
      // SetDefaults_Service: LoadBalancers allocate node ports unless told not to.
      allocateLoadBalancerNodePorts: type === 'LoadBalancer' ? (allocate ?? true) : null,
      ipFamilies: addresses.ipFamilies,
      sessionAffinity: affinity.sessionAffinity,
      sessionAffinityTimeoutSeconds: affinity.sessionAffinityTimeoutSeconds,
      publishNotReadyAddresses: r.bool(spec, 'publishNotReadyAddresses', 'spec') ?? false,
      loadBalancerIngress,
    },
    warnings: r.warnings,
  };
}

interface Addresses {
  clusterIP: string;
  headless: boolean;
  ipFamilies: IPFamily[];
  externalIPs: string[];
}

/** clusterIP(s), ipFamilies (ValidateServiceClusterIPsRelatedFields), externalIPs, externalName. */
function readAddresses(r: Reader, spec: Obj, type: string): Addresses {
  let clusterIP = r.string(spec, 'clusterIP', 'spec') ?? '';
  const givenIPs = r.strings(spec, 'clusterIPs', 'spec') ?? [];
  // The create strategy keeps clusterIP and clusterIPs[0] in step when only one is given.
  const clusterIPs = givenIPs.length === 0 && clusterIP !== '' ? [clusterIP] : givenIPs;
  if (clusterIP === '' && clusterIPs.length > 0) clusterIP = clusterIPs[0]!;
  const families = r.strings(spec, 'ipFamilies', 'spec') ?? [];
  const externalIPs = readExternalIPs(r, spec);
  const headless = clusterIPs.length === 1 && clusterIPs[0] === 'None';

  if (type === 'ExternalName') {
    if (clusterIPs.length > 0) r.fail(fieldError.forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (families.length > 0) r.fail(fieldError.forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    // The value (a CNAME) may end with a dot to mark it fully qualified.
    const cname = (r.string(spec, 'externalName', 'spec') ?? '').replace(/\.$/, '');
    if (cname === '') r.fail(fieldError.required('spec.externalName'));
    else r.check('spec.externalName', cname, dns1123Subdomain(cname));
    return { clusterIP: '', headless: false, ipFamilies: [], externalIPs };
  }
  if (headless && (type === 'LoadBalancer' || type === 'NodePort')) {
    r.fail(fieldError.invalid('spec.clusterIPs[0]', 'None', `may not be set to 'None' for ${type} services`));
  }
  if (clusterIPs.length > 0 && clusterIPs[0] !== clusterIP)
    r.fail(fieldError.invalid('spec.clusterIPs', clusterIPs, 'first value must match `clusterIP`'));

  const seen = new Set<string>();
  families.forEach((f, i) => {
    if (!oneOf(FAMILIES, f)) r.fail(fieldError.notSupported(`spec.ipFamilies[${i}]`, f, FAMILIES));
    if (seen.has(f)) r.fail(fieldError.duplicate(`spec.ipFamilies[${i}]`, f));
    seen.add(f);
  });
  if (families.length > 2) r.fail(fieldError.invalid('spec.ipFamilies', families, 'may only hold up to 2 values'));

  let validIPs = true;
  const ipFamilies: IPFamily[] = [];
  clusterIPs.forEach((ip, i) => {
    if (i === 0 && ip === 'None') {
      if (clusterIPs.length > 1) {
        validIPs = false;
        r.fail(fieldError.invalid('spec.clusterIPs', clusterIPs, "'None' must be the first and only value"));
      }
      return;
    }
    const parsed = parseIP(ip);
    if (parsed) ipFamilies.push(parsed.family);
    else validIPs = r.check(`spec.clusterIPs[${i}]`, ip, [INVALID_IP]);
  });
  if (clusterIPs.length > 2) r.fail(fieldError.invalid('spec.clusterIPs', clusterIPs, 'may only hold up to 2 values'));
  if (validIPs && ipFamilies.length === 2 && ipFamilies[0] === ipFamilies[1]) {
    r.fail(fieldError.invalid('spec.clusterIPs', clusterIPs, 'may specify no more than one IP for each IP family'));
  }
  if (validIPs && !headless) {
    ipFamilies.forEach((f, i) => {
      if (i < families.length && families[i] !== f && oneOf(FAMILIES, families[i]!)) {
        r.fail(
          fieldError.invalid(
            `spec.clusterIPs[${i}]`,
            clusterIPs[i],
            `expected an ${families[i]} value as indicated by \`ipFamilies[${i}]\``,
          ),
        );
      }
    });
  }
  // The registry fills ipFamilies from the allocated cluster IPs; a single-stack IPv4 cluster is assumed otherwise.
  const defaulted =
    families.length > 0
      ? (families.filter((f) => oneOf(FAMILIES, f)) as IPFamily[])
      : ipFamilies.length > 0
        ? ipFamilies
        : (['IPv4'] as IPFamily[]);
  return { clusterIP, headless, ipFamilies: defaulted, externalIPs };
}

function readExternalIPs(r: Reader, spec: Obj): string[] {
  const ips = r.strings(spec, 'externalIPs', 'spec') ?? [];
  ips.forEach((ip, i) => {
    const path = `spec.externalIPs[${i}]`;
    const parsed = parseIP(ip);
    if (!parsed) r.check(path, ip, [INVALID_IP]);
    else r.check(path, ip, endpointIP(ip, parsed));
  });
  return ips;
}

/** validateServicePort for each port, then the duplicate checks of ValidateService. */
function readPorts(r: Reader, spec: Obj, type: string, headless: boolean): ServicePortModel[] {
  const entries = r.objects(spec, 'ports', 'spec');
  if (entries.length === 0 && !headless && type !== 'ExternalName') r.fail(fieldError.required('spec.ports'));
  const names = new Set<string>();
  const ports: ServicePortModel[] = [];
  for (const [p, path] of entries) {
    const name = r.string(p, 'name', path) ?? '';
    if (name === '' && entries.length > 1) r.fail(fieldError.required(child(path, 'name')));
    else if (name !== '') {
      r.check(child(path, 'name'), name, dns1123Label(name));
      if (names.has(name)) r.fail(fieldError.duplicate(child(path, 'name'), name));
      names.add(name);
    }
    const given = r.int(p, 'port', path);
    const port = given ?? 0;
    // A port of the wrong type is already reported; an absent one reads as 0, as in Go.
    if (given !== undefined || p.port === undefined || p.port === null) r.check(child(path, 'port'), port, portNumber(port));
    // SetDefaults_ServicePort: protocol TCP, targetPort = port.
    const protocol = r.string(p, 'protocol', path) || 'TCP';
    if (!oneOf(PROTOCOLS, protocol)) r.fail(fieldError.notSupported(child(path, 'protocol'), protocol, PROTOCOLS));
    const targetPort = readTargetPort(r, p, path) ?? port;
    // Node ports are allocated from the configured range by the registry, not checked by validation.
    const nodePort = r.int(p, 'nodePort', path) || null;
    if (nodePort !== null) {
      if (type === 'ClusterIP') r.fail(fieldError.forbidden(child(path, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
      else r.check(child(path, 'nodePort'), nodePort, portNumber(nodePort));
    }
    ports.push({ name, port, protocol: protocol as ServicePortModel['protocol'], targetPort, nodePort });
  }
  const nodePorts = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((p, i) => {
    const path = index('spec.ports', i);
    const nodeKey = `${p.protocol}/${p.nodePort}`;
    if (p.nodePort !== null && nodePorts.has(nodeKey)) r.fail(fieldError.duplicate(child(path, 'nodePort'), p.nodePort));
    nodePorts.add(nodeKey);
    const key = `${p.protocol}/${p.port}`;
    if (keys.has(key)) r.fail(fieldError.duplicate(path, { protocol: p.protocol, port: p.port }));
    keys.add(key);
  });
  return ports;
}

/** ValidatePortNumOrName: an integer port or an IANA_SVC_NAME; absent, 0 or "" mean "same as port". */
function readTargetPort(r: Reader, p: Obj, path: Path): number | string | undefined {
  const v = p.targetPort;
  const field = child(path, 'targetPort');
  if (v === undefined || v === null || v === 0 || v === '') return undefined;
  if (typeof v === 'string') return r.check(field, v, portName(v)) ? v : undefined;
  if (Number.isSafeInteger(v)) return r.check(field, v, portNumber(v as number)) ? (v as number) : undefined;
  r.fail(fieldError.typeInvalid(field, v, 'an integer or a port name'));
  return undefined;
}

/** sessionAffinity and sessionAffinityConfig (validateClientIPAffinityConfig). */
function readAffinity(r: Reader, spec: Obj): Pick<ServiceModel, 'sessionAffinity' | 'sessionAffinityTimeoutSeconds'> {
  const affinity = r.string(spec, 'sessionAffinity', 'spec') || 'None';
  const config = r.object(spec, 'sessionAffinityConfig', 'spec');
  if (affinity === 'ClientIP') {
    // SetDefaults_Service fills the timeout when ClientIP affinity has none.
    const clientIP = config && r.object(config, 'clientIP', 'spec.sessionAffinityConfig');
    const timeout =
      (clientIP && r.int(clientIP, 'timeoutSeconds', 'spec.sessionAffinityConfig.clientIP')) ?? DEFAULT_AFFINITY_TIMEOUT_SECONDS;
    if (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS) {
      r.fail(
        fieldError.invalid(
          'spec.sessionAffinityConfig.clientIP.timeoutSeconds',
          timeout,
          `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`,
        ),
      );
    }
    return { sessionAffinity: 'ClientIP', sessionAffinityTimeoutSeconds: timeout };
  }
  if (affinity !== 'None') r.fail(fieldError.notSupported('spec.sessionAffinity', affinity, AFFINITIES));
  else if (config) r.fail(fieldError.forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  return { sessionAffinity: 'None', sessionAffinityTimeoutSeconds: null };
}

type Policies = Pick<ServiceModel, 'externalTrafficPolicy' | 'healthCheckNodePort' | 'internalTrafficPolicy' | 'trafficDistribution'>;

/**
 * validateServiceExternalTrafficPolicy, validateServiceInternalTrafficFieldsValue and
 * validateServiceTrafficDistribution, after SetDefaults_Service (docs/rules.md §8).
 */
function readPolicies(r: Reader, spec: Obj, type: string, hasExternalIPs: boolean, ctx: ServiceContext): Policies {
  // apiservice.ExternallyAccessible.
  const external = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && hasExternalIPs);
  let etp: string | null = r.string(spec, 'externalTrafficPolicy', 'spec') || null;
  if (external) {
    etp ??= 'Cluster';
    if (!oneOf(POLICIES, etp)) r.fail(fieldError.notSupported('spec.externalTrafficPolicy', etp, POLICIES));
  } else if (etp !== null) {
    r.fail(fieldError.invalid('spec.externalTrafficPolicy', etp, 'may only be set for externally-accessible services'));
  }

  // apiservice.NeedsHealthCheck. Absent while needed is fine: the registry allocates one.
  const hcnp = r.int(spec, 'healthCheckNodePort', 'spec') || null;
  if (hcnp !== null) {
    if (type !== 'LoadBalancer' || etp !== 'Local') {
      r.fail(
        fieldError.invalid(
          'spec.healthCheckNodePort',
          hcnp,
          "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
        ),
      );
    } else r.check('spec.healthCheckNodePort', hcnp, portNumber(hcnp));
  }

  return {
    externalTrafficPolicy: external && oneOf(POLICIES, etp!) ? (etp as TrafficPolicy) : null,
    healthCheckNodePort: hcnp,
    internalTrafficPolicy: readInternalTrafficPolicy(r, spec, type, ctx),
    trafficDistribution: readTrafficDistribution(r, spec, ctx),
  };
}

function readInternalTrafficPolicy(r: Reader, spec: Obj, type: string, ctx: ServiceContext): TrafficPolicy | null {
  // A pointer upstream: `""` is a value (and not a supported one), not an absent field as for ETP.
  const itp = r.string(spec, 'internalTrafficPolicy', 'spec') ?? null;
  if (!ctx.gates.ServiceInternalTrafficPolicy) {
    // Alpha in 1.21 and off by default: the API server drops the field (KEP-2086).
    if (itp !== null)
      r.warn(
        'spec.internalTrafficPolicy',
        `dropped: feature gate ServiceInternalTrafficPolicy is off in Kubernetes 1.${ctx.minor}, so the API server does not store the field`,
      );
    return null;
  }
  if (itp !== null && !oneOf(POLICIES, itp)) {
    r.fail(fieldError.notSupported('spec.internalTrafficPolicy', itp, POLICIES));
    return null;
  }
  if (type === 'ExternalName') {
    // Tolerated on other types for historical reasons; not stored for ExternalName (docs/rules.md §8).
    if (itp !== null) r.warn('spec.internalTrafficPolicy', 'dropped: not used for ExternalName Services');
    return null;
  }
  // SetDefaults_Service: Cluster for ClusterIP, NodePort and LoadBalancer.
  return (itp as TrafficPolicy | null) ?? (oneOf(TYPES, type) ? 'Cluster' : null);
}

function readTrafficDistribution(r: Reader, spec: Obj, ctx: ServiceContext): string | null {
  const td = r.string(spec, 'trafficDistribution', 'spec') ?? null;
  if (td === null) return null;
  const field = 'spec.trafficDistribution';
  if (ctx.minor < 30) {
    r.warn(field, `dropped: the field does not exist in Kubernetes 1.${ctx.minor} (added in 1.30), so the API server does not store it`);
    return null;
  }
  if (!ctx.gates.ServiceTrafficDistribution) {
    r.warn(
      field,
      `dropped: feature gate ServiceTrafficDistribution is off in Kubernetes 1.${ctx.minor}, so the API server does not store the field`,
    );
    return null;
  }
  // 1.30–1.32 know only PreferClose; 1.33+ add PreferSameZone/PreferSameNode behind PreferSameTrafficDistribution (KEP-3015).
  const supported =
    ctx.minor >= 33 && ctx.gates.PreferSameTrafficDistribution ? ['PreferClose', 'PreferSameZone', 'PreferSameNode'] : ['PreferClose'];
  if (!supported.includes(td)) {
    r.fail(fieldError.notSupported(field, td, supported));
    return null;
  }
  return td;
}

/** status.loadBalancer.ingress, as ValidateLoadBalancerStatus checks it. */
function readIngress(r: Reader, obj: Obj): LoadBalancerIngressModel[] {
  const status = r.object(obj, 'status', '');
  const lb = status && r.object(status, 'loadBalancer', 'status');
  if (!lb) return [];
  return r.objects(lb, 'ingress', 'status.loadBalancer').map(([ing, path]) => {
    const ip = r.string(ing, 'ip', path) || null;
    if (ip !== null && !parseIP(ip)) r.fail(fieldError.invalid(child(path, 'ip'), ip, 'must be a valid IP address'));
    const hostname = r.string(ing, 'hostname', path) || null;
    if (hostname !== null) {
      r.check(child(path, 'hostname'), hostname, dns1123Subdomain(hostname));
      if (parseIP(hostname)) r.fail(fieldError.invalid(child(path, 'hostname'), hostname, 'must be a DNS name, not an IP address'));
    }
    const ipMode = r.string(ing, 'ipMode', path) ?? null;
    if (ipMode !== null) {
      if (ip === null) r.fail(fieldError.forbidden(child(path, 'ipMode'), 'may not be specified when `ip` is not'));
      else if (!oneOf(IP_MODES, ipMode)) r.fail(fieldError.notSupported(child(path, 'ipMode'), ipMode, IP_MODES));
    }
    return { ip, hostname, ipMode: ipMode !== null && oneOf(IP_MODES, ipMode) ? ipMode : null };
  });
}
