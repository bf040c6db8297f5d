// apps/v1 Deployments and DaemonSets as pod templates (docs/contracts.md §1): the replicas, the template's
// labels, ports, host networking, node selector, tolerations and grace period — what placement
// (schedule.ts) and the EndpointSlice controller read. The template's pod spec is validated by
// host/objects' Pod reader, so a bad container port reads the same in a Pod and in a Deployment.
import { readPod } from '../../host/objects/pod.js';
import { child, Reader, readObjectMeta, requireObject, type Obj } from '../../host/objects/fields.js';
import { dns1123Subdomain, labelValue, qualifiedName } from '../../host/objects/formats.js';
import { fieldError, invalid, isStatusError, type StatusCause } from '../../host/objects/status.js';
import { DEFAULT_GRACE_SECONDS } from './pod.js';
import type { PodTemplate, Toleration, Workload } from './types.js';
import type { Warnings } from '../../host/cluster/warnings.js';

export type WorkloadKind = Workload['kind'];

const OPERATORS = ['Equal', 'Exists'] as const;
const EFFECTS = ['', 'NoExecute', 'NoSchedule', 'PreferNoSchedule'] as const;

export function readWorkload(raw: unknown, kind: WorkloadKind, warnings: Warnings): Workload {
  const obj = requireObject(raw, '', `apps/v1 ${kind}`);
  const r = new Reader('');
  const meta = readObjectMeta(r, obj, {
    kind,
    apiVersions: ['apps/v1'],
    nameFormat: dns1123Subdomain,
    nameRequired: true,
    namespaced: true,
  });
  const spec = r.object(obj, 'spec', '') ?? {};
  let replicas = 0;
  if (kind === 'Deployment') {
    // SetDefaults_Deployment: replicas 1 when absent.
    replicas = r.int(spec, 'replicas', 'spec') ?? 1;
    if (replicas < 0) r.fail(fieldError.invalid('spec.replicas', replicas, 'must be greater than or equal to 0'));
  }
  const template = r.object(spec, 'template', 'spec') ?? {};
  const templateMeta = r.object(template, 'metadata', 'spec.template') ?? {};
  const labels = r.labels(templateMeta, 'labels', 'spec.template.metadata') ?? {};
  readSelector(r, spec, labels, `${kind} ${meta.namespace}/${meta.name}`, warnings);
  const podSpec = r.object(template, 'spec', 'spec.template') ?? {};
  const nodeSelector = r.labels(podSpec, 'nodeSelector', 'spec.template.spec') ?? {};
  const tolerations = readTolerations(r, podSpec);
  const grace = r.int(podSpec, 'terminationGracePeriodSeconds', 'spec.template.spec') ?? DEFAULT_GRACE_SECONDS;
  if (grace < 0)
    r.fail(fieldError.invalid('spec.template.spec.terminationGracePeriodSeconds', grace, 'must be greater than or equal to 0'));
  const pod = readTemplatePod(r, meta.namespace, meta.name, labels, podSpec);
  if (r.causes.length) throw invalid(kind, meta.name, r.causes);

  const tpl: PodTemplate = {
    labels,
    hostNetwork: pod?.hostNetwork ?? false,
    containerPorts: pod?.containerPorts ?? [],
    nodeSelector,
    tolerations,
    terminationGracePeriodSeconds: grace,
  };
  return {
    kind,
    namespace: meta.namespace,
    name: meta.name,
    key: `${kind}/${meta.namespace}/${meta.name}`,
    replicas,
    template: tpl,
    made: 0,
  };
}

/**
 * apps/v1 requires spec.selector, and the API server refuses a selector the template's labels do
 * not match. matchExpressions are not evaluated: the pods are made from the template, whose labels
 * the selector must match anyway.
 */
function readSelector(r: Reader, spec: Obj, labels: Record<string, string>, what: string, warnings: Warnings): void {
  const selector = r.object(spec, 'selector', 'spec');
  if (!selector) {
    r.fail(fieldError.required('spec.selector'));
    return;
  }
  const matchLabels = r.labels(selector, 'matchLabels', 'spec.selector') ?? {};
  const expressions = r.list(selector, 'matchExpressions', 'spec.selector') ?? [];
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) {
    r.fail(fieldError.invalid('spec.selector', selector, 'empty selector is invalid for deployment'));
  }
  if (expressions.length > 0)
    warnings.add(
      'SelectorExpressionsIgnored',
      what,
      'spec.selector.matchExpressions are not evaluated: pods are made from the template and carry its labels',
    );
  for (const [key, value] of Object.entries(matchLabels)) {
    if (labels[key] !== value) {
      r.fail(fieldError.invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
      return;
    }
  }
}

function readTolerations(r: Reader, podSpec: Obj): Toleration[] {
  const out: Toleration[] = [];
  for (const [t, at] of r.objects(podSpec, 'tolerations', 'spec.template.spec')) {
    const key = r.string(t, 'key', at) ?? '';
    if (key !== '') r.check(child(at, 'key'), key, qualifiedName(key));
    const operator = r.string(t, 'operator', at) || 'Equal';
    if (!(OPERATORS as readonly string[]).includes(operator)) r.fail(fieldError.notSupported(child(at, 'operator'), operator, OPERATORS));
    const value = r.string(t, 'value', at) ?? '';
    if (operator === 'Exists' && value !== '')
      r.fail(fieldError.invalid(child(at, 'operator'), operator, "value must be empty when `operator` is 'Exists'"));
    else r.check(child(at, 'value'), value, labelValue(value));
    if (key === '' && operator !== 'Exists')
      r.fail(
        fieldError.invalid(
          child(at, 'operator'),
          operator,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    const effect = r.string(t, 'effect', at) ?? '';
    if (!(EFFECTS as readonly string[]).includes(effect))
      r.fail(
        fieldError.notSupported(
          child(at, 'effect'),
          effect,
          EFFECTS.filter((e) => e !== ''),
        ),
      );
    out.push({ key, operator: operator as Toleration['operator'], value, effect });
  }
  return out;
}

/** The template's pod spec read by host/objects' Pod reader; its causes keep their spec.template paths. */
function readTemplatePod(r: Reader, namespace: string, name: string, labels: Record<string, string>, podSpec: Obj) {
  const synthetic = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: podSpec };
  try {
    return readPod(synthetic, 'spec.template.').pod;
  } catch (e) {
    if (!isStatusError(e)) throw e;
    const causes: StatusCause[] = e.status.details?.causes ?? [];
    for (const cause of causes) r.fail(cause);
    return null;
  }
}
