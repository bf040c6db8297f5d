// The Service ports and nodes of a cluster dump, to ask every question of a snapshot.
interface Meta {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: {
    type?: string;
    sessionAffinity?: string;
    ports?: { name?: string; port?: number }[];
    sessionAffinityConfig?: { clientIP?: { timeoutSeconds?: number } };
  };
}

export interface ServicePort {
  /** `namespace/name`. */
  service: string;
  port: string;
  external: boolean;
  /** ClientIP affinity's timeout, else null. */
  affinitySeconds: number | null;
}

export function nodesOf(objects: readonly unknown[]): string[] {
  return (objects as Meta[]).filter((o) => o.kind === 'Node').map((o) => o.metadata!.name!);
}

export function servicePortsOf(objects: readonly unknown[]): ServicePort[] {
  return (objects as Meta[])
    .filter((o) => o.kind === 'Service')
    .flatMap((o) =>
      (o.spec?.ports ?? []).map((p) => ({
        service: `${o.metadata!.namespace ?? 'default'}/${o.metadata!.name}`,
        port: p.name || String(p.port),
        external: o.spec?.type === 'LoadBalancer' || o.spec?.type === 'NodePort',
        affinitySeconds: o.spec?.sessionAffinity === 'ClientIP' ? (o.spec.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10_800) : null,
      })),
    );
}
