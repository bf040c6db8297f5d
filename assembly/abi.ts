// The engine's binary interface: where the host puts a decision's inputs and where the engine puts
// its answers. Everything is exported as a WASM global so the host reads these numbers from the
// module itself and the two sides cannot drift apart.
//
// Memory (all little-endian u32 unless said otherwise):
//   PARAMS_PTR            u32[PARAM_SLOTS]   scalar inputs and the offsets of every array below
//   endpoint arrays       struct-of-arrays, N entries, sorted by the host by "ip:port"
//   query arrays          M nodes to decide for (one service port, many nodes)
//   output arrays         M records, struct-of-arrays
//   scratch               index pool and per-zone / per-node tables the engine fills in `prepare`
// The WASM never sees a string: node and zone names are interned to integers by the host, and id 0
// is the empty name ("" zone: the node has no zone label).

export const PARAMS_PTR: u32 = 1024;
export const PARAM_SLOTS: u32 = 40;

// --- scalar inputs
export const P_MINOR: u32 = 0; //           Kubernetes minor version (21..35): the era
export const P_GATES: u32 = 1; //           GATE_* bits, already resolved by the host
export const P_SERVICE: u32 = 2; //         SVC_* bits
export const P_ANN_HINTS: u32 = 3; //       ANN_* class of annotation service.kubernetes.io/topology-aware-hints
export const P_ANN_MODE: u32 = 4; //        ANN_* class of annotation service.kubernetes.io/topology-mode
export const P_N: u32 = 5; //               endpoints
export const P_ZONE_LIMIT: u32 = 6; //      every zone id is < this
export const P_NODE_LIMIT: u32 = 7; //      every node id is < this
export const P_M: u32 = 8; //               nodes in the query

// --- offsets (byte addresses) of the arrays
export const P_EP_COND: u32 = 10; //        u8[N]   COND_* bits, exactly as the slice said (absent → defaulted by host)
export const P_EP_NODE: u32 = 11; //        u32[N]  node id of endpoint nodeName (0: none)
export const P_EP_ZH_START: u32 = 12; //    u32[N+1] CSR offsets into P_EP_ZH_IDS
export const P_EP_ZH_IDS: u32 = 13; //      u32[..] zone ids of hints.forZones
export const P_EP_NH_START: u32 = 14; //    u32[N+1]
export const P_EP_NH_IDS: u32 = 15; //      u32[..] node ids of hints.forNodes
export const P_Q_NODE: u32 = 16; //         u32[M]  node id of each queried node (0: empty name)
export const P_Q_ZONE: u32 = 17; //         u32[M]  zone id of each queried node's zone label (0: none)
export const P_OUT_FLAGS: u32 = 18; //      u32[M]  OUT_* bits
export const P_OUT_CLUSTER_START: u32 = 19; // u32[M] offset into the pool (in entries)
export const P_OUT_CLUSTER_LEN: u32 = 20; //   u32[M]
export const P_OUT_LOCAL_START: u32 = 21; //   u32[M]
export const P_OUT_LOCAL_LEN: u32 = 22; //     u32[M]
export const P_EP_STATE: u32 = 23; //       u8[N]   STATE_* bits: each endpoint as this era's kube-proxy sees it
export const P_POOL: u32 = 24; //           u32[4N + ZH + NH] endpoint indices; every output set is a run of it
export const P_ZONE_TABLE: u32 = 25; //     u32[ZONE_LIMIT * ZONE_COLS], zeroed by the host when laid out
export const P_NODE_TABLE: u32 = 26; //     u32[NODE_LIMIT * NODE_COLS], zeroed by the host when laid out
export const P_EPOCH: u32 = 27; //          u32: bumped by every prepare; table rows from other epochs are empty
export const P_POOL_USED: u32 = 28; //      output of prepare: pool entries used (≤ 4N + ZH + NH)

export const ZONE_COLS: u32 = 6;
export const NODE_COLS: u32 = 9;

// --- gates (docs/rules.md §9); the host maps each gate name to its bit by these names (host/engine/abi.ts)
export const GATE_INTERNAL_TRAFFIC_POLICY: u32 = 1;
export const GATE_TERMINATING_CONDITION: u32 = 2;
export const GATE_PROXY_TERMINATING: u32 = 4;
export const GATE_TOPOLOGY_AWARE_HINTS: u32 = 8;
export const GATE_TRAFFIC_DISTRIBUTION: u32 = 16;
export const GATE_PREFER_SAME: u32 = 32;

// --- service port bits
export const SVC_ITP_LOCAL: u32 = 1; //     spec.internalTrafficPolicy == Local
export const SVC_ETP_LOCAL: u32 = 2; //     ExternalPolicyLocal (ETP Local on an externally accessible Service)
export const SVC_EXTERNAL: u32 = 4; //      this port is externally accessible in this family (docs/rules.md §1)

// --- annotation value classes
export const ANN_ABSENT: u32 = 0;
export const ANN_EMPTY: u32 = 1;
export const ANN_AUTO_UPPER: u32 = 2; //    "Auto"
export const ANN_AUTO_LOWER: u32 = 3; //    "auto"
export const ANN_DISABLED_UPPER: u32 = 4; // "Disabled"
export const ANN_DISABLED_LOWER: u32 = 5; // "disabled"
export const ANN_OTHER: u32 = 6;

// --- endpoint conditions as written in the slice, after the API's nil defaults (docs/rules.md §2)
export const COND_READY: u8 = 1;
export const COND_SERVING: u8 = 2;
export const COND_TERMINATING: u8 = 4;

// --- endpoint state as this era's kube-proxy sees it (output, for explain)
export const STATE_READY: u8 = 2;
export const STATE_SERVING_TERMINATING: u8 = 4; // usable by the terminating fallback in this era
export const STATE_ZONE_HINTS: u8 = 8; //   has zone hints kube-proxy reads
export const STATE_NODE_HINTS: u8 = 16; //  has node hints kube-proxy reads

// --- output flags
export const OUT_MODE_MASK: u32 = 3; //     0 None, 1 PreferSameZone, 2 PreferSameNode
export const MODE_NONE: u32 = 0;
export const MODE_SAME_ZONE: u32 = 1;
export const MODE_SAME_NODE: u32 = 2;
export const OUT_HAS_ANY: u32 = 4;
export const OUT_CLUSTER_USED: u32 = 8; //  clusterEndpoints is a list (else null)
export const OUT_LOCAL_USED: u32 = 16; //   localEndpoints is a list (else null)
export const OUT_ALL_SHIFT: u32 = 5; //     2 bits: ALL_*
export const ALL_CLUSTER: u32 = 0;
export const ALL_LOCAL: u32 = 1;
export const ALL_UNION: u32 = 2;
export const OUT_INTERNAL_SHIFT: u32 = 7; // 2 bits: VERDICT_*
export const OUT_INTERNAL_LOCAL: u32 = 512; // internal traffic uses localEndpoints (else cluster)
export const OUT_EXTERNAL: u32 = 1024; //   external traffic exists for this port
export const OUT_EXTERNAL_SHIFT: u32 = 11; // 2 bits: VERDICT_*
export const OUT_EXTERNAL_LOCAL: u32 = 8192; // external traffic uses localEndpoints
export const OUT_CLUSTER_CHAIN_SHIFT: u32 = 14; // 2 bits: VERDICT_* of the Cluster chain (clusterEndpoints): the ETP=Local short-circuit (docs/rules.md §6)
export const VERDICT_ROUTE: u32 = 0;
export const VERDICT_DROP: u32 = 1;
export const VERDICT_REJECT: u32 = 2;
