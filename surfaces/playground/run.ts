// One scenario through the emulator, in the page: the files parsed (positions kept for the editor),
// then simulate() — the same call `tpe simulate` makes — and lint over the same objects. What the picture needs that the report does not carry
// (every pod where it runs, nodes' state) is read at each step through simulate's onStep.
import type { Engine } from '../../host/engine/engine.js';
import { parseDocuments } from '../../host/objects/parse.js';
import { isStatusError, type Status } from '../../host/objects/status.js';
import { simulate, type SimulateOptions, type SimulationReport } from '../../emulator/index.js';
import { factsRecorder } from '../../emulator/lint/collect.js';
import { lint } from '../../emulator/lint/lint.js';
import type { LintResult } from '../../emulator/lint/types.js';
import { SourceMap, type Spot } from './positions.js';
import type { ManifestText, Scenario } from './state.js';

export interface Diagnostic extends Spot {
  severity: 'error' | 'warning' | 'info';
  message: string;
}

export interface NodeState {
  name: string;
  zone: string;
  ready: boolean;
  unschedulable: boolean;
}

export interface PodState {
  key: string;
  node: string | null;
  ready: boolean;
  terminating: boolean;
  hostNetwork: boolean;
}

/** The cluster as the picture draws it at one step. */
export interface ClusterState {
  nodes: NodeState[];
  pods: PodState[];
}

/** What the controls show for a Service: its policy fields as the simulation used them. */
export interface ServiceInfo {
  key: string;
  /** Its index among the run's objects (RunResult.sources.origins gives its file and place). */
  index: number;
  type: string;
  internalTrafficPolicy: string;
  externalTrafficPolicy: string | null;
  trafficDistribution: string;
  topologyMode: string;
}

export interface RunResult {
  objects: unknown[];
  options: SimulateOptions;
  sources: SourceMap;
  services: ServiceInfo[];
  report: SimulationReport | null;
  /** One per report state: step 0, then each step. */
  clusters: ClusterState[];
  lint: LintResult | null;
  /** The input error, when the scenario could not be simulated. */
  error: Status | null;
  diagnostics: Diagnostic[];
  ms: number;
  /** Milliseconds per stage: parse, positions, simulate, lint. */
  phases: Record<string, number>;
}

export const TOPOLOGY_ANNOTATION = 'service.kubernetes.io/topology-mode';

export function optionsOf(scenario: Scenario): SimulateOptions {
  const options: SimulateOptions = {};
  if (scenario.kubernetesVersion) options.kubernetesVersion = scenario.kubernetesVersion;
  if (Object.keys(scenario.featureGates).length > 0) options.featureGates = scenario.featureGates;
  if (scenario.seed !== null) options.seed = scenario.seed;
  return options;
}

export function runScenario(engine: Engine, scenario: Scenario): RunResult {
  const started = performance.now();
  let mark = started;
  const phases: Record<string, number> = {};
  const lap = (name: string) => {
    const now = performance.now();
    phases[name] = now - mark;
    mark = now;
  };
  const sources = new SourceMap(scenario.files);
  lap('positions');
  const result: RunResult = {
    objects: [],
    options: optionsOf(scenario),
    sources,
    services: [],
    report: null,
    clusters: [],
    lint: null,
    error: null,
    diagnostics: [],
    ms: 0,
    phases,
  };
  const done = () => ((result.ms = performance.now() - started), result);
  for (const [i, file] of scenario.files.entries()) {
    try {
      const objects = parsedObjects(file);
      result.objects.push(...objects);
      sources.addFile(i, objects.length);
    } catch (e) {
      if (!isStatusError(e)) throw e;
      result.error = { ...e.status, message: `${file.name}: ${e.status.message}` };
      const at = sources.syntaxError(i) ?? { file: i, from: 0, to: 1, line: 1, col: 1 };
      result.diagnostics.push({ ...at, severity: 'error', message: e.status.message });
      return done();
    }
  }
  lap('parse');
  result.services = servicesOf(result.objects);
  const lintFacts = factsRecorder();
  try {
    result.report = simulate(engine, result.objects, {
      ...result.options,
      // One run for the report, the picture and lint: each state's cluster and lint's facts are read as simulate passes it.
      onStep: (step) => {
        lintFacts.onStep(step);
        const c = step.emulation.cluster;
        result.clusters.push({
          nodes: c.nodes.map((n) => ({ name: n.name, zone: n.zone, ready: n.ready, unschedulable: n.unschedulable })),
          pods: c
            .pods()
            .map((p) => ({ key: p.key, node: p.nodeName, ready: p.ready, terminating: p.terminating, hostNetwork: p.hostNetwork })),
        });
      },
    });
    lap('simulate');
    result.lint = lint(lintFacts.facts());
    lap('lint');
  } catch (e) {
    if (!isStatusError(e)) throw e;
    result.error = e.status;
    result.diagnostics.push(...errorDiagnostics(e.status, sources));
    return done();
  }
  result.diagnostics.push(...warningDiagnostics(result, sources));
  return done();
}

/**
 * A Status at its causes' fields, which are relative to the object its message names
 * (`objects[3] (Service …): …`, host/cluster/ingest.ts); without causes, at that object.
 */
function errorDiagnostics(status: Status, sources: SourceMap): Diagnostic[] {
  const m = /^objects\[(\d+)\]/.exec(status.message);
  const out: Diagnostic[] = [];
  for (const cause of status.details?.causes ?? []) {
    const at = m ? sources.field(`objects[${m[1]}].${cause.field}`) : null;
    if (at) out.push({ ...at, severity: 'error', message: `${cause.field}: ${cause.message}` });
  }
  if (out.length > 0) return out;
  const at = m ? sources.objectStart(Number(m[1])) : null;
  return at ? [{ ...at, severity: 'error', message: status.message.replace(/^objects\[\d+\] /, '') }] : [];
}

/** The report's input warnings and lint's findings, at the object they name. */
function warningDiagnostics(result: RunResult, sources: SourceMap): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (object: string) => {
    const m = /^(\w+) (\S+)/.exec(object);
    const index = m ? findObject(m[1]!, m[2]!, result.objects) : -1;
    return index >= 0 ? sources.objectStart(index) : null;
  };
  for (const w of result.report?.warnings ?? []) {
    const spot = at(w.object);
    if (spot) out.push({ ...spot, severity: 'warning', message: `${w.code}: ${w.message}` });
  }
  for (const f of result.lint?.findings ?? []) {
    const spot = at(f.object);
    if (spot) out.push({ ...spot, severity: f.severity === 'error' ? 'warning' : 'info', message: `lint ${f.code}: ${f.message}` });
  }
  return out;
}

function keyOf(o: unknown): string | null {
  const obj = o as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
  if (obj?.kind !== 'Service' || typeof obj.metadata?.name !== 'string') return null;
  return `${typeof obj.metadata.namespace === 'string' ? obj.metadata.namespace : 'default'}/${obj.metadata.name}`;
}

function servicesOf(objects: readonly unknown[]): ServiceInfo[] {
  const out: ServiceInfo[] = [];
  for (const [index, o] of objects.entries()) {
    const key = keyOf(o);
    if (key === null) continue;
    const s = o as { metadata: { annotations?: Record<string, unknown> }; spec?: Record<string, unknown> };
    const spec = s.spec ?? {};
    const type = typeof spec.type === 'string' ? spec.type : 'ClusterIP';
    const external = type === 'NodePort' || type === 'LoadBalancer';
    const annotation =
      s.metadata.annotations?.[TOPOLOGY_ANNOTATION] ?? s.metadata.annotations?.['service.kubernetes.io/topology-aware-hints'];
    out.push({
      key,
      index,
      type,
      internalTrafficPolicy: typeof spec.internalTrafficPolicy === 'string' ? spec.internalTrafficPolicy : 'Cluster',
      externalTrafficPolicy: external ? (typeof spec.externalTrafficPolicy === 'string' ? spec.externalTrafficPolicy : 'Cluster') : null,
      trafficDistribution: typeof spec.trafficDistribution === 'string' ? spec.trafficDistribution : '',
      topologyMode: typeof annotation === 'string' ? annotation : '',
    });
  }
  return out;
}

/** The index of the object of this kind and name (`Service shop/web`), for messages that name an object. */
function findObject(kind: string, namespacedName: string, objects: readonly unknown[]): number {
  return objects.findIndex((o) => {
    const obj = o as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } } | null;
    if (obj?.kind !== kind) return false;
    const name = String(obj.metadata?.name ?? '');
    const ns = String(obj.metadata?.namespace ?? 'default');
    return namespacedName === name || namespacedName === `${ns}/${name}`;
  });
}

/** Files' objects by text, lately read: an edit changes one file, the others are not read again. */
const OBJECTS = new Map<string, unknown[]>();

function parsedObjects(file: ManifestText): unknown[] {
  const key = `${/\.json$/i.test(file.name) ? 'json' : 'yaml'}:${file.text}`;
  const hit = OBJECTS.get(key);
  // Callers never change the objects they get (the emulator copies what it keeps), so a cached list is safe to share.
  if (hit) return hit;
  const objects = parseDocuments(file.text, key.startsWith('json') ? 'json' : 'yaml');
  if (OBJECTS.size >= 16) OBJECTS.delete(OBJECTS.keys().next().value!);
  OBJECTS.set(key, objects);
  return objects;
}
