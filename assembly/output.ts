// Writing one node's answer: flags plus the pool runs of clusterEndpoints and localEndpoints.
import {
  P_OUT_FLAGS, P_OUT_CLUSTER_START, P_OUT_CLUSTER_LEN, P_OUT_LOCAL_START, P_OUT_LOCAL_LEN,
  OUT_CLUSTER_USED, OUT_HAS_ANY, OUT_CLUSTER_CHAIN_SHIFT,
} from './abi';
import { put } from './params';
import { verdict } from './verdicts';

// The Cluster chain's verdict is written here for every era: the surfaces read it (the emulator's
// pod→LB IP short-circuit, docs/rules.md §6) instead of deciding it again. A port that does not use
// the Cluster policy has an empty Cluster chain.
@inline export function writeAnswer(j: u32, flags: u32, clusterStart: u32, clusterLen: u32, localStart: u32, localLen: u32): void {
  const clusterChain = verdict((flags & OUT_HAS_ANY) != 0, (flags & OUT_CLUSTER_USED) != 0 ? clusterLen : 0);
  put(P_OUT_FLAGS, j, flags | (clusterChain << OUT_CLUSTER_CHAIN_SHIFT));
  put(P_OUT_CLUSTER_START, j, clusterStart);
  put(P_OUT_CLUSTER_LEN, j, clusterLen);
  put(P_OUT_LOCAL_START, j, localStart);
  put(P_OUT_LOCAL_LEN, j, localLen);
}
