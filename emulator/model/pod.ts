// A v1 Pod → EmuPod. host/objects reads and validates it (readPod). A Pod with a `status` is a
// dump of a running cluster and is taken literally; a Pod without one is a manifest: the emulator
// runs it as the cluster would — placed on a node if it names none, Running, Ready, with an address
// from its node's pod range (cluster.ts) — and says so in a warning.
import { readPod } from '../../host/objects/pod.js';
import { isObject } from '../../host/objects/fields.js';
import { fieldError, invalid } from '../../host/objects/status.js';
import type { EmuPod } from './types.js';
import type { Warnings } from '../../host/cluster/warnings.js';

/** spec.terminationGracePeriodSeconds when absent (the API server's default). */
export const DEFAULT_GRACE_SECONDS = 30;

export interface IngestedPod {
  pod: EmuPod;
  /** No status: the Cluster places it (when it names no node) and gives it an address. */
  manifest: boolean;
}

export function ingestPod(raw: unknown, warnings: Warnings): IngestedPod {
  const { pod } = readPod(raw);
  const obj = raw as Record<string, unknown>;
  const spec = isObject(obj.spec) ? obj.spec : {};
  const grace = spec.terminationGracePeriodSeconds;
  if (grace !== undefined && grace !== null && !(Number.isSafeInteger(grace) && (grace as number) >= 0)) {
    throw invalid('Pod', pod.name, [fieldError.invalid('spec.terminationGracePeriodSeconds', grace, 'must be greater than or equal to 0')]);
  }
  const key = `${pod.namespace}/${pod.name}`;
  const manifest = obj.status === undefined || obj.status === null;
  if (manifest) {
    warnings.add(
      'PodFromManifest',
      `Pod ${key}`,
      "no status: run as a manifest (placed if it names no node, Running and Ready, address from its node's pod range)",
    );
  }
  return {
    manifest,
    pod: {
      namespace: pod.namespace,
      name: pod.name,
      key,
      labels: pod.labels,
      nodeName: pod.nodeName,
      ips: pod.podIPs,
      phase: manifest ? 'Running' : pod.phase,
      ready: manifest ? true : pod.ready,
      terminating: pod.terminating,
      hostNetwork: pod.hostNetwork,
      containerPorts: pod.containerPorts,
      terminationGracePeriodSeconds: typeof grace === 'number' ? grace : DEFAULT_GRACE_SECONDS,
      owner: null,
      // A dumped pod already terminating has an unknown remaining grace: it stays for the whole run.
      goneAt: null,
    },
  };
}
