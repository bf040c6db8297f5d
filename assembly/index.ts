// tpe's engine: kube-proxy's endpoint selection over data the host laid out in linear memory
// (abi.ts). `prepare` reads one Service port's endpoints; `decide` answers for the M queried nodes.
// Nothing here allocates: every answer is a pair of runs in the pool `prepare` filled.
import { P_MINOR, P_GATES, P_SERVICE, P_ANN_HINTS, P_ANN_MODE, P_M, P_Q_NODE, P_Q_ZONE } from './abi';
import { param, at } from './params';
import { decideCategorize } from './categorize';
import { decideLegacy } from './legacy';

export * from './abi';
export { prepare } from './sets';

export function decide(): void {
  const m = param(P_M);
  const minor = param(P_MINOR);
  const gates = param(P_GATES);
  const service = param(P_SERVICE);
  const annHints = param(P_ANN_HINTS);
  const annMode = param(P_ANN_MODE);
  if (minor >= 24) {
    for (let j: u32 = 0; j < m; j++) decideCategorize(j, at(P_Q_NODE, j), at(P_Q_ZONE, j), minor, gates, service, annHints, annMode);
  } else {
    for (let j: u32 = 0; j < m; j++) decideLegacy(j, at(P_Q_NODE, j), at(P_Q_ZONE, j), minor, gates, service, annHints);
  }
}
