// Kubernetes versions tpe models and the feature gates of docs/rules.md §9: per-version defaults,
// locking once GA, removed gates accepted at their final value, unknown names refused.
import { badRequest, fieldError, type StatusCause } from '../objects/status.js';
import type { Abi, AbiName } from './abi.js';

export const OLDEST_MINOR = 21;
export const NEWEST_MINOR = 35;
export const NEWEST_VERSION = `1.${NEWEST_MINOR}`;
export const SUPPORTED_VERSIONS: readonly string[] = Array.from(
  { length: NEWEST_MINOR - OLDEST_MINOR + 1 },
  (_, i) => `1.${OLDEST_MINOR + i}`,
);

export type GateName =
  | 'ServiceInternalTrafficPolicy'
  | 'EndpointSliceTerminatingCondition'
  | 'ProxyTerminatingEndpoints'
  | 'TopologyAwareHints'
  | 'ServiceTrafficDistribution'
  | 'PreferSameTrafficDistribution';

interface GateHistory {
  /** The engine's bit for the gate: the ABI constant of that name (assembly/abi.ts GATE_*). */
  bit: AbiName;
  alpha: number;
  /** First minor in which the gate is on by default. */
  onByDefault: number;
  /** First minor in which the gate is locked to true (GA, LockToDefault). */
  locked: number;
}

/** docs/rules.md §9, the table. Minor versions of 1.x. */
export const GATES: Readonly<Record<GateName, GateHistory>> = {
  ServiceInternalTrafficPolicy: { bit: 'GATE_INTERNAL_TRAFFIC_POLICY', alpha: 21, onByDefault: 22, locked: 26 },
  EndpointSliceTerminatingCondition: { bit: 'GATE_TERMINATING_CONDITION', alpha: 20, onByDefault: 22, locked: 26 },
  ProxyTerminatingEndpoints: { bit: 'GATE_PROXY_TERMINATING', alpha: 22, onByDefault: 26, locked: 28 },
  // Beta in 1.23, but on by default only from 1.24 (docs/rules.md §9).
  TopologyAwareHints: { bit: 'GATE_TOPOLOGY_AWARE_HINTS', alpha: 21, onByDefault: 24, locked: 33 },
  ServiceTrafficDistribution: { bit: 'GATE_TRAFFIC_DISTRIBUTION', alpha: 30, onByDefault: 31, locked: 33 },
  PreferSameTrafficDistribution: { bit: 'GATE_PREFER_SAME', alpha: 33, onByDefault: 34, locked: 35 },
};

/** Gates of the era that tpe deliberately does not model: a request naming one gets a 400 saying so. */
const UNMODELED_GATES: Readonly<Record<string, string>> = {
  ServiceTopology: 'tpe does not model the ServiceTopology gate (spec.topologyKeys, removed in 1.22); leave it unset',
  EndpointSliceProxying:
    'tpe does not model the EndpointSliceProxying gate: kube-proxy is always treated as reading EndpointSlices; leave it unset',
};

export type FeatureGates = Readonly<Record<GateName, boolean>>;

export interface Era {
  /** Normalized `"1.N"`. */
  version: string;
  minor: number;
  gates: FeatureGates;
}

const VERSION_RE = /^v?1\.(\d{1,3})(?:\.\d+)?$/;

/** Parses `"1.30"`, `"v1.30"` or `"1.30.2"`; `field` is the request path for errors. */
export function parseVersion(value: unknown, field = 'kubernetesVersion'): number {
  if (value === undefined || value === null) return NEWEST_MINOR;
  const m = typeof value === 'string' ? VERSION_RE.exec(value.trim()) : null;
  const minor = m ? Number(m[1]) : NaN;
  if (!(minor >= OLDEST_MINOR && minor <= NEWEST_MINOR)) {
    const cause = fieldError.notSupported(field, value, SUPPORTED_VERSIONS);
    throw badRequest(`${field}: ${cause.message}`, [cause]);
  }
  return minor;
}

export function defaultGates(minor: number): Record<GateName, boolean> {
  const gates = {} as Record<GateName, boolean>;
  for (const [name, h] of Object.entries(GATES) as [GateName, GateHistory][]) gates[name] = minor >= h.onByDefault;
  return gates;
}

/**
 * The era of a request: version defaults, then the user's overrides, refusing what a real
 * kube-proxy of that version would refuse to start with (docs/rules.md §9). `fields` name where the
 * two values came from in errors (a request's fields by default; a route's body or a CLI option).
 */
export function resolveEra(version: unknown, overrides: unknown, fields: { version?: string; gates?: string } = {}): Era {
  const minor = parseVersion(version, fields.version);
  const field = fields.gates ?? 'featureGates';
  const gates = defaultGates(minor);
  const causes: StatusCause[] = [];
  if (overrides !== undefined && overrides !== null) {
    if (typeof overrides !== 'object' || Array.isArray(overrides)) {
      causes.push(fieldError.typeInvalid(field, overrides, 'an object of gate name to boolean'));
    } else {
      for (const [name, value] of Object.entries(overrides as Record<string, unknown>)) {
        const path = `${field}.${name}`;
        // Own keys only: a gate named `constructor` or `__proto__` is an unknown name, not Object's.
        if (Object.hasOwn(UNMODELED_GATES, name)) {
          causes.push(fieldError.forbidden(path, UNMODELED_GATES[name]!));
          continue;
        }
        const h = Object.hasOwn(GATES, name) ? GATES[name as GateName] : undefined;
        if (!h) {
          causes.push({
            ...fieldError.notSupported(path, name, Object.keys(GATES)),
            message: `Unsupported value: ${JSON.stringify(name)}: not a feature gate tpe models; supported gates: ${Object.keys(GATES)
              .map((g) => JSON.stringify(g))
              .join(', ')}`,
          });
          continue;
        }
        if (typeof value !== 'boolean') {
          causes.push(fieldError.typeInvalid(path, value, 'a boolean'));
          continue;
        }
        if (minor < h.alpha) {
          causes.push(fieldError.forbidden(path, `feature gate ${name} does not exist in Kubernetes 1.${minor} (added in 1.${h.alpha})`));
          continue;
        }
        if (minor >= h.locked && value !== true) {
          causes.push(
            fieldError.forbidden(
              path,
              `feature gate ${name} is GA and locked to true in Kubernetes 1.${minor} (since 1.${h.locked}); a kube-proxy started with it off refuses to start`,
            ),
          );
          continue;
        }
        gates[name as GateName] = value;
      }
    }
  }
  if (causes.length) {
    throw badRequest(
      causes.length === 1
        ? `${causes[0]!.field}: ${causes[0]!.message}`
        : `invalid feature gates: [${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}]`,
      causes,
    );
  }
  return { version: `1.${minor}`, minor, gates };
}

/** The gate word the engine reads (P_GATES): each gate that is on sets its ABI bit. */
export function gateWord(abi: Abi, gates: FeatureGates): number {
  let word = 0;
  for (const [name, h] of Object.entries(GATES) as [GateName, GateHistory][]) if (gates[name]) word |= abi[h.bit];
  return word;
}
