// The facts lint reads, from one simulation: the report's flows of every state (simulate(), the
// same run `tpe simulate` prints), and — from an Emulation stepped to the same times — the Services,
// the hint reports and each node's health checks at each state. Runtime-free.
import type { Engine } from '../../host/engine/engine.js';
import { Emulation, simulate, type SimulateOptions, type SimulationReport } from '../index.js';
import type { LintFacts, LintState } from './facts.js';
import { healthChecks } from './health.js';

export interface CollectedFacts {
  report: SimulationReport;
  facts: LintFacts;
}

export function collectFacts(engine: Engine, objects: readonly unknown[], options: SimulateOptions = {}): CollectedFacts {
  const report = simulate(engine, objects, options);
  const { onProgress: _progress, ...quiet } = options;
  const emulation = new Emulation(engine, objects, quiet);
  const snapshot = (at: string | null, flows: LintState['flows'], flowCount: number): LintState => ({
    at,
    flows,
    flowCount,
    services: new Map(emulation.cluster.services().map((s) => [s.key, s.model])),
    hints: emulation.slices.hints().filter((h) => h.source !== 'none'),
    healthChecks: healthChecks(emulation),
  });
  const states: LintState[] = [];
  if (report.steps && report.steps.length > 0) {
    // Step 0 is the initial state; each later step is where simulate() moved the clock to.
    report.steps.forEach((step, i) => {
      if (i > 0) emulation.advance(step.atMs);
      states.push(snapshot(step.at, step.flows, step.summary.flows));
    });
  } else {
    states.push(snapshot(null, report.flows, report.summary.flows));
  }
  return { report, facts: { states, minor: emulation.era.minor } };
}
