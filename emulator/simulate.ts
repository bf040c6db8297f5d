// The emulator's entry point (docs/contracts.md §5): Kubernetes objects and at most one Traffic in, the
// report out — the initial state's flows and figures, then one step per time something happens on
// the fake clock (an event, or a terminating pod's grace period ending). Same input and seed, same
// bytes: every list is in a fixed order and every figure is summed in a fixed order.
import type { Engine } from '../host/engine/engine.js';
import { Emulation, type Routing, type SimulateOptions } from './emulation.js';
import { formatDuration } from './traffic/duration.js';
import type { FlowOutcome, SimulationReport, Step } from './document.js';

/** Steps at most: a guard against an input whose events and grace periods never settle. */
export const MAX_STEPS = 10_000;

export function simulate(engine: Engine, objects: readonly unknown[], options: SimulateOptions = {}): SimulationReport {
  const emulation = new Emulation(engine, objects, options);
  const initial = emulation.route();
  const report: SimulationReport = { flows: initial.flows, ...outcomesOf(initial), summary: initial.summary };

  const events = emulation.traffic?.events ?? [];
  options.onStep?.({ at: events.length > 0 ? '0s' : null, emulation, routing: initial });
  if (events.length > 0) {
    const written = new Map<number, string>();
    for (const e of events) if (!written.has(e.atMs)) written.set(e.atMs, e.at);
    let hints = emulation.hintReports();
    const steps: Step[] = [{ atMs: 0, at: '0s', events: [], flows: initial.flows, ...outcomesOf(initial), summary: initial.summary }];
    const expected = () => steps.length + new Set(events.filter((e) => e.atMs >= emulation.nowMs).map((e) => e.atMs)).size;
    for (let next = emulation.nextTime(); next !== null && steps.length <= MAX_STEPS; next = emulation.nextTime()) {
      const advance = emulation.advance(next);
      const routing = emulation.route();
      const at = written.get(next) ?? formatDuration(next);
      options.onStep?.({ at, emulation, routing });
      const step: Step = { atMs: next, at, events: advance.events, flows: routing.flows, ...outcomesOf(routing), summary: routing.summary };
      const now = emulation.hintReports();
      if (JSON.stringify(now) !== JSON.stringify(hints)) step.hints = now;
      hints = now;
      steps.push(step);
      options.onProgress?.(steps.length, expected(), 'steps');
    }
    report.steps = steps;
  }
  const hints = emulation.hintReports();
  if (hints.length) report.hints = hints;
  const warnings = emulation.warnings.list();
  if (warnings.length) report.warnings = warnings;
  report.meta = {
    seed: emulation.seed,
    kubernetesVersion: emulation.era.version,
    nodes: emulation.cluster.nodes.length,
    pods: emulation.cluster.podCount,
    services: emulation.cluster.serviceCount,
    zones: emulation.cluster.zones.filter((z) => z !== ''),
  };
  return report;
}

/** `outcomes` when the routing has them (above maxFlows), nothing otherwise: the key's place in the JSON is fixed. */
function outcomesOf(routing: Routing): { outcomes?: FlowOutcome[] } {
  return routing.outcomes ? { outcomes: routing.outcomes } : {};
}
