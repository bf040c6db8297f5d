// Writing one node's answer: flags plus the pool runs of clusterEndpoints and localEndpoints.
import { P_OUT_FLAGS, P_OUT_CLUSTER_START, P_OUT_CLUSTER_LEN, P_OUT_LOCAL_START, P_OUT_LOCAL_LEN } from './abi';
import { put } from './params';

@inline export function writeAnswer(j: u32, flags: u32, clusterStart: u32, clusterLen: u32, localStart: u32, localLen: u32): void {
  put(P_OUT_FLAGS, j, flags);
  put(P_OUT_CLUSTER_START, j, clusterStart);
  put(P_OUT_CLUSTER_LEN, j, clusterLen);
  put(P_OUT_LOCAL_START, j, localStart);
  put(P_OUT_LOCAL_LEN, j, localLen);
}
