// Helpers the rules share: outcomes by Service port, and findings merged over the states of the
// clock — a rollout's risk (a node serving only terminating pods) exists only between two events.
import type { LintState, PortOutcome } from './facts.js';
import type { LintFinding } from './types.js';
import { naturalCompare } from '../text/format.js';

/** Outcomes of one Service port, keyed `service\u0000port`, in first-seen order. */
export function byServicePort(outcomes: readonly PortOutcome[]): Map<string, PortOutcome[]> {
  const out = new Map<string, PortOutcome[]>();
  for (const outcome of outcomes) {
    const key = `${outcome.to.service}\u0000${outcome.to.port}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(outcome);
  }
  return out;
}

export const sortedNodes = (nodes: Iterable<string>): string[] => [...new Set(nodes)].sort(naturalCompare);

/** The nodes of some outcomes together, in natural order. */
export const nodesOf = (outcomes: readonly PortOutcome[]): string[] => sortedNodes(outcomes.flatMap((o) => o.nodes));

/** Flows and requests per second of some outcomes together. */
export function countOf(outcomes: readonly PortOutcome[]): { flows: number; requestsPerSecond: number } {
  let flows = 0;
  let requestsPerSecond = 0;
  for (const o of outcomes) {
    flows += o.flows;
    requestsPerSecond += o.requestsPerSecond;
  }
  // Sums of shares: 9 significant digits, so float noise never reaches a message.
  return { flows, requestsPerSecond: Number(requestsPerSecond.toPrecision(9)) };
}

/**
 * One finding per (code, object, port) over all states: the nodes of every state together and the
 * steps at which it showed (the message is the first state's). `found` gives each state's findings.
 */
export function acrossStates(states: readonly LintState[], found: (state: LintState) => LintFinding[]): LintFinding[] {
  const merged = new Map<string, LintFinding>();
  for (const state of states) {
    for (const f of found(state)) {
      const key = [f.code, f.object, f.port ?? ''].join('\u0000');
      const seen = merged.get(key);
      if (!seen) {
        merged.set(key, { ...f, ...(state.at !== null ? { at: [state.at] } : {}) });
        continue;
      }
      if (f.nodes) seen.nodes = sortedNodes([...(seen.nodes ?? []), ...f.nodes]);
      if (state.at !== null && !seen.at?.includes(state.at)) seen.at = [...(seen.at ?? []), state.at];
    }
  }
  return [...merged.values()];
}
