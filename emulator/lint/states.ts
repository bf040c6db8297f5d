// Helpers the rules share: flows by Service port, and findings merged over the states of the clock —
// a rollout's risk (a node serving only terminating pods) exists only between two events.
import type { Flow } from '../report/types.js';
import type { LintState } from './facts.js';
import type { LintFinding } from './types.js';
import { naturalCompare } from '../report/text-format.js';

/** Flows to one Service port, keyed `service\u0000port`, in first-seen order. */
export function byServicePort(flows: readonly Flow[]): Map<string, Flow[]> {
  const out = new Map<string, Flow[]>();
  for (const flow of flows) {
    const key = `${flow.to.service}\u0000${flow.to.port}`;
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    list.push(flow);
  }
  return out;
}

export const sortedNodes = (nodes: Iterable<string>): string[] => [...new Set(nodes)].sort(naturalCompare);

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
