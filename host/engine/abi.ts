// The engine's binary interface as the host reads it: every constant of assembly/abi.ts by name,
// read from the module's exported globals (never written down twice), typed so a misspelt name fails
// to compile, and checked on load so a module and a host that disagree refuse to start.

export const ABI_NAMES = [
  'PARAMS_PTR',
  'PARAM_SLOTS',
  'P_MINOR',
  'P_GATES',
  'P_SERVICE',
  'P_ANN_HINTS',
  'P_ANN_MODE',
  'P_N',
  'P_ZONE_LIMIT',
  'P_NODE_LIMIT',
  'P_M',
  'P_EP_COND',
  'P_EP_NODE',
  'P_EP_ZH_START',
  'P_EP_ZH_IDS',
  'P_EP_NH_START',
  'P_EP_NH_IDS',
  'P_Q_NODE',
  'P_Q_ZONE',
  'P_OUT_FLAGS',
  'P_OUT_CLUSTER_START',
  'P_OUT_CLUSTER_LEN',
  'P_OUT_LOCAL_START',
  'P_OUT_LOCAL_LEN',
  'P_EP_STATE',
  'P_POOL',
  'P_ZONE_TABLE',
  'P_NODE_TABLE',
  'P_EPOCH',
  'P_POOL_USED',
  'ZONE_COLS',
  'NODE_COLS',
  'GATE_INTERNAL_TRAFFIC_POLICY',
  'GATE_TERMINATING_CONDITION',
  'GATE_PROXY_TERMINATING',
  'GATE_TOPOLOGY_AWARE_HINTS',
  'GATE_TRAFFIC_DISTRIBUTION',
  'GATE_PREFER_SAME',
  'SVC_ITP_LOCAL',
  'SVC_ETP_LOCAL',
  'SVC_EXTERNAL',
  'ANN_ABSENT',
  'ANN_EMPTY',
  'ANN_AUTO_UPPER',
  'ANN_AUTO_LOWER',
  'ANN_DISABLED_UPPER',
  'ANN_DISABLED_LOWER',
  'ANN_OTHER',
  'COND_READY',
  'COND_SERVING',
  'COND_TERMINATING',
  'STATE_READY',
  'STATE_SERVING_TERMINATING',
  'STATE_ZONE_HINTS',
  'STATE_NODE_HINTS',
  'OUT_MODE_MASK',
  'MODE_NONE',
  'MODE_SAME_ZONE',
  'MODE_SAME_NODE',
  'OUT_HAS_ANY',
  'OUT_CLUSTER_USED',
  'OUT_LOCAL_USED',
  'OUT_ALL_SHIFT',
  'ALL_CLUSTER',
  'ALL_LOCAL',
  'ALL_UNION',
  'OUT_INTERNAL_SHIFT',
  'OUT_INTERNAL_LOCAL',
  'OUT_EXTERNAL',
  'OUT_EXTERNAL_SHIFT',
  'OUT_EXTERNAL_LOCAL',
  'OUT_CLUSTER_CHAIN_SHIFT',
  'VERDICT_ROUTE',
  'VERDICT_DROP',
  'VERDICT_REJECT',
] as const;

export type AbiName = (typeof ABI_NAMES)[number];

/** The ABI constants of the loaded module. */
export type Abi = Readonly<Record<AbiName, number>>;

/** The ABI of an instance: every name must be an exported global of the module. */
export function readAbi(exports: WebAssembly.Exports): Abi {
  const abi: Partial<Record<AbiName, number>> = {};
  const missing: string[] = [];
  for (const name of ABI_NAMES) {
    const value = exports[name];
    if (value instanceof WebAssembly.Global) abi[name] = Number(value.value);
    else missing.push(name);
  }
  if (missing.length)
    throw new Error(`the tpe engine module does not export ${missing.join(', ')}: it was built from other sources than this host`);
  return abi as Abi;
}
