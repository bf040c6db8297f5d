// The facts lint reads, from one simulation — the same run `tpe simulate` prints: at each state it
// reports (simulate's onStep), the emulator's outcome tally and endpoint load (every flow, listed or
// not), the Services, the hint reports and each node's health checks. Lint lists no flow: the tally
// has them all, so the report's maxFlows is 0. Runtime-free.
import type { Engine } from '../../host/engine/engine.js';
import type { Cluster } from '../model/cluster.js';
import type { Tally } from '../traffic/route.js';
import { nodeNames, type OutcomeTally } from '../traffic/outcomes.js';
import { simulate } from '../simulate.js';
import type { SimulateOptions, StepView } from '../emulation.js';
import type { Emulation } from '../emulation.js';
import type { ReportWarning } from '../document.js';
import type { EndpointConditionCounts, LintFacts, LintState, PortLoad, PortOutcome } from './facts.js';
import { healthChecks } from './health.js';

export function collectFacts(engine: Engine, objects: readonly unknown[], options: SimulateOptions = {}): LintFacts {
  const recorder = factsRecorder();
  // The tally counts every flow whatever maxFlows says; listed flows would be built for nothing.
  const report = simulate(engine, objects, { ...options, maxFlows: 0, onStep: recorder.onStep });
  return recorder.facts(report.warnings);
}

/**
 * The facts of a simulation someone else runs (the playground's, whose report is shown too): pass
 * `onStep` to simulate, then its report's warnings to `facts`.
 */
export function factsRecorder(): { onStep: (step: StepView) => void; facts: (warnings?: readonly ReportWarning[]) => LintFacts } {
  const states: LintState[] = [];
  let minor = 0;
  let terminatingFallback = true;
  return {
    onStep: ({ at, emulation, routing }) => {
      minor = emulation.era.minor;
      terminatingFallback = emulation.era.gates.ProxyTerminatingEndpoints;
      states.push({
        at,
        outcomes: portOutcomes(routing.tally.outcomes, emulation.cluster),
        endpointLoad: portLoads(routing.tally),
        services: new Map(emulation.cluster.services().map((s) => [s.key, s.model])),
        hints: emulation.hintReports(),
        healthChecks: healthChecks(emulation),
        endpointConditions: endpointConditions(emulation),
      });
    },
    // FlowsAggregated says lint's own maxFlows of 0 listed no flow: not about the input.
    facts: (warnings = []) => ({ states, minor, terminatingFallback, warnings: warnings.filter((w) => w.code !== 'FlowsAggregated') }),
  };
}

/** Each Service's endpoints by condition, as kube-proxy reads them (absent ready/serving = true, terminating = false). */
function endpointConditions(emulation: Emulation): Map<string, EndpointConditionCounts> {
  const out = new Map<string, EndpointConditionCounts>();
  for (const service of emulation.cluster.services()) {
    const counts = { ready: 0, servingTerminating: 0 };
    for (const slice of emulation.slices.slicesOf(service.key)) {
      if (slice.addressType === 'FQDN') continue;
      for (const ep of slice.endpoints) {
        const c = ep.conditions;
        if (c.ready ?? true) counts.ready++;
        else if ((c.serving ?? true) && (c.terminating ?? false)) counts.servingTerminating++;
      }
    }
    out.set(service.key, counts);
  }
  return out;
}

/**
 * The tally's cells. A cell's nodes are named when a rule first reads them: most cells are routed
 * traffic no rule names, and until then a state keeps only the cell's bitset (node ids never change
 * during a run: events add no node).
 */
function portOutcomes(tally: OutcomeTally, cluster: Cluster): PortOutcome[] {
  return tally.order().map((cell) => {
    const bits = tally.nodes[cell]!;
    let names: string[] | undefined;
    return {
      ...tally.describe(cell),
      flows: tally.flows[cell]!,
      requestsPerSecond: tally.requests[cell]!,
      get nodes(): readonly string[] {
        return (names ??= nodeNames(bits, cluster));
      },
    };
  });
}

function portLoads(tally: Tally): PortLoad[] {
  return tally.loadPorts.map((view, i) => {
    const start = tally.loadStarts[i]!;
    const endpoints: PortLoad['endpoints'][number][] = [];
    view.req.endpoints.forEach((ep, e) => {
      const requestsPerSecond = tally.endpointLoad[start + e]!;
      if (requestsPerSecond > 0) endpoints.push({ endpoint: ep.key, node: ep.nodeName !== '' ? ep.nodeName : null, requestsPerSecond });
    });
    return { service: view.serviceKey, port: view.portName, endpoints };
  });
}
