// deploy/ grants tpe exactly what the code requests of the API server: get, list and watch on the
// resources `tpe serve --in-cluster` follows, bound to the service account the DaemonSet runs as.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDocuments } from '../../host/objects/parse.js';
import { pathOf, SERVE_RESOURCES, VERBS } from '../../surfaces/node/kube/resources.js';
import { RESOURCES } from './apiserver.js';

type Obj = Record<string, any>;
const deployDir = new URL('../../deploy/', import.meta.url);
const read = (file: string) => parseDocuments(readFileSync(new URL(file, deployDir), 'utf8'), 'yaml') as Obj[];
const rbac = read('rbac.yaml');
const daemonSet = read('daemonset.yaml')[0]!;
const kustomization = read('kustomization.yaml')[0]!;

describe('deploy/rbac.yaml', () => {
  it('the ClusterRole allows get, list and watch on exactly the resources the source follows', () => {
    const role = rbac.find((o) => o.kind === 'ClusterRole')!;
    const granted = (role.rules as Obj[]).flatMap((rule) =>
      (rule.apiGroups as string[]).flatMap((group) =>
        (rule.resources as string[]).map((resource) => ({ group, resource, verbs: rule.verbs })),
      ),
    );
    const requested = SERVE_RESOURCES.map((r) => ({ group: r.group, resource: r.resource, verbs: [...VERBS] }));
    const byName = (a: { group: string; resource: string }, b: { group: string; resource: string }) =>
      `${a.group}/${a.resource}` < `${b.group}/${b.resource}` ? -1 : 1;
    expect(granted.sort(byName)).toEqual(requested.sort(byName));
    expect(role.rules.every((r: Obj) => !r.resourceNames && !r.nonResourceURLs)).toBe(true);
  });

  it('the paths the code lists and watches are those of the granted resources (and the double serves them)', () => {
    expect(SERVE_RESOURCES.map(pathOf)).toEqual(['/api/v1/nodes', '/api/v1/services', '/apis/discovery.k8s.io/v1/endpointslices']);
    for (const r of SERVE_RESOURCES) expect(RESOURCES.find((d) => d.kind === r.kind)?.path).toBe(pathOf(r));
  });

  it('the DaemonSet runs --in-cluster as the bound service account, with its token mounted', () => {
    const account = rbac.find((o) => o.kind === 'ServiceAccount')!;
    const binding = rbac.find((o) => o.kind === 'ClusterRoleBinding')!;
    const spec = daemonSet.spec.template.spec;
    expect(spec.serviceAccountName).toBe(account.metadata.name);
    expect(spec.automountServiceAccountToken).toBe(true);
    expect(binding.subjects).toEqual([{ kind: 'ServiceAccount', name: account.metadata.name, namespace: account.metadata.namespace }]);
    expect(binding.roleRef).toEqual({
      apiGroup: 'rbac.authorization.k8s.io',
      kind: 'ClusterRole',
      name: rbac.find((o) => o.kind === 'ClusterRole')!.metadata.name,
    });
    expect(account.metadata.namespace).toBe(daemonSet.metadata.namespace);
    expect(spec.containers[0].args).toContain('--in-cluster');
    expect(kustomization.resources).toContain('rbac.yaml');
  });
});
