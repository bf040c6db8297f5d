// Where the API server is and how to reach it: a kubeconfig (a path, or $KUBECONFIG / ~/.kube/config),
// one of its contexts, or the in-cluster service account (token and CA mounted into every Pod).
// @kubernetes/client-node reads them all — tokens, client certificates, credential plugins — and
// verifies TLS unless the kubeconfig itself says insecure-skip-tls-verify.
import { KubeConfig } from '@kubernetes/client-node';
import { badRequest, fieldError } from '../../../host/objects/status.js';

export interface KubeTarget {
  /** `true`: the default kubeconfig ($KUBECONFIG, else ~/.kube/config; in a Pod without one, the service account). */
  kubeconfig?: string | true;
  context?: string;
  /** The service account of the Pod tpe runs in. */
  inCluster?: boolean;
  /** For tests: a directory standing in for `/` when reading the service account's files. */
  inClusterRoot?: string;
}

export interface KubeConnection {
  config: KubeConfig;
  /** The API server's URL (never a credential). */
  server: string;
  /** How it was found, for status and logs: `kubeconfig PATH context NAME`, `in-cluster service account`. */
  via: string;
}

export function connectKube(target: KubeTarget): KubeConnection {
  const config = new KubeConfig();
  let via: string;
  try {
    if (target.inCluster) {
      if (!process.env.KUBERNETES_SERVICE_HOST || !process.env.KUBERNETES_SERVICE_PORT)
        throw new Error('KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT are not set: tpe is not running in a Pod');
      config.loadFromCluster(target.inClusterRoot);
      via = 'in-cluster service account';
    } else if (typeof target.kubeconfig === 'string') {
      config.loadFromFile(target.kubeconfig);
      via = `kubeconfig ${target.kubeconfig}`;
    } else {
      config.loadFromDefault();
      via = process.env.KUBECONFIG ? `kubeconfig ${process.env.KUBECONFIG}` : 'the default kubeconfig';
    }
  } catch (e) {
    const field = target.inCluster ? '--in-cluster' : '--kubeconfig';
    throw badRequest(`${field}: cannot load the Kubernetes client configuration: ${(e as Error).message}`);
  }
  if (target.context !== undefined) {
    if (!config.getContextObject(target.context)) {
      const known = config.getContexts().map((c) => c.name);
      const cause = fieldError.notSupported('--context', target.context, known);
      throw badRequest(`--context: ${cause.message}`);
    }
    config.setCurrentContext(target.context);
  }
  const cluster = config.getCurrentCluster();
  if (!cluster) throw badRequest(`${target.inCluster ? '--in-cluster' : '--kubeconfig'}: the current context names no cluster`);
  const context = config.getCurrentContext();
  return { config, server: cluster.server, via: target.inCluster ? via : `${via} context ${context}` };
}
