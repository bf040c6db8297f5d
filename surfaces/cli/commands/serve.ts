// `tpe serve`: what `npm start` runs — the HTTP decision service (docs/contracts.md §3) over a cluster snapshot.
import { InvalidArgumentError, type Command } from 'commander';
import { EXIT_INTERNAL } from '../exit-codes.js';
import { parseByteCount, parsePort } from '../options.js';
import { serve } from '../../node/serve.js';

const SERVE_EXAMPLE = `
Without --cluster (or $TPE_CLUSTER) the built-in demo cluster is served: 6 nodes in 3 zones and a
Service for each policy.

Examples:
  $ tpe serve &
  $ curl -s 'localhost:8080/v1/services/monitoring/node-agent/pick?node=node-a1'
  $ kubectl get nodes,services,endpointslices -A -o yaml > cluster.yaml
  $ tpe serve --cluster cluster.yaml --kubernetes-version 1.33 --feature-gate PreferSameTrafficDistribution=true

The dump is watched: a change is validated and swapped in; a bad one keeps the snapshot in use and
is reported (a log line, GET /v1/status lastError, tpe_snapshot_last_load_failed).

Or follow the API server itself (list, then watch; one source at a time):
  $ tpe serve --kubeconfig                       # $KUBECONFIG, else ~/.kube/config
  $ tpe serve --kubeconfig ./kubeconfig --context prod --max-staleness 300
  $ tpe serve --in-cluster                       # the Pod's service account (deploy/)
/readyz is 503 until Nodes, Services and EndpointSlices are all listed; while the API server is
unreachable tpe answers from the last state (GET /v1/status sourceHealth says since when), and
with --max-staleness SECONDS /readyz fails once that lasts longer.
Environment: PORT, HOST, TPE_CLUSTER, TPE_AUTH_TOKEN (bearer token for /v1/), TPE_BODY_LIMIT,
TPE_REQUEST_TIMEOUT_MS.`;

interface ServeFlags {
  port?: number;
  host?: string;
  bodyLimit?: number;
  cluster?: string;
  kubernetesVersion?: string;
  featureGate?: Record<string, boolean>;
  kubeconfig?: string | true;
  context?: string;
  inCluster?: boolean;
  maxStaleness?: number;
}

export function registerServe(tpe: Command): void {
  tpe
    .command('serve')
    .description('serve the HTTP decision service: categorize, and decision/pick/batch against a cluster snapshot')
    .option('--port <number>', 'port to listen on (default: $PORT, else 8080; 0 picks a free one)', parsePort)
    .option('--host <address>', 'address to listen on (default: $HOST, else 0.0.0.0)')
    .option('--body-limit <bytes>', 'largest request body accepted (default: $TPE_BODY_LIMIT, else 1048576)', parseByteCount)
    .option(
      '--cluster <file|dir>',
      'cluster dump to serve and watch: kubectl get nodes,services,endpointslices -A -o yaml output, or a folder of .yaml/.yml/.json (default: $TPE_CLUSTER, else the demo)',
    )
    .option(
      '--kubernetes-version <version>',
      'the Kubernetes release whose kube-proxy the snapshot is decided as, 1.21 … 1.35 (default: the newest)',
    )
    .option('--feature-gate <Name=bool>', 'override a feature gate of that release; repeatable', collectGate)
    .option('--kubeconfig [path]', 'follow the API server of this kubeconfig (default: $KUBECONFIG, else ~/.kube/config) instead of a dump')
    .option('--context <name>', 'the kubeconfig context to use (default: its current-context)')
    .option('--in-cluster', "follow the API server with the Pod's service account (what deploy/ runs)")
    .option(
      '--max-staleness <seconds>',
      'with --kubeconfig or --in-cluster: /readyz fails once the API server has been unreachable this long (default: never)',
      parseSeconds,
    )
    .addHelpText('after', SERVE_EXAMPLE)
    .action(async (opts: ServeFlags) => {
      const running = await serve({
        port: opts.port,
        host: opts.host,
        bodyLimitBytes: opts.bodyLimit,
        cluster: opts.cluster,
        kubernetesVersion: opts.kubernetesVersion,
        featureGates: opts.featureGate,
        kube:
          opts.kubeconfig !== undefined || opts.inCluster
            ? { kubeconfig: opts.kubeconfig, context: opts.context, inCluster: opts.inCluster }
            : undefined,
        maxStalenessSeconds: opts.maxStaleness,
      });
      // A server that can never become ready should not linger: exit so the supervisor notices.
      running.engine.catch(async (e: unknown) => {
        process.stderr.write(`tpe: ${(e as Error).message}\n`);
        await running.close();
        process.exit(EXIT_INTERNAL);
      });
    });
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('must be a positive number of seconds, e.g. 300.');
  return n;
}

/** `Name=true` / `Name=false`, collected into one object; the era check happens in resolveEra. */
function collectGate(value: string, gates: Record<string, boolean> = {}): Record<string, boolean> {
  const m = /^([A-Za-z][A-Za-z0-9]*)=(true|false)$/.exec(value);
  if (!m) throw new InvalidArgumentError('must be Name=true or Name=false, e.g. PreferSameTrafficDistribution=true.');
  return { ...gates, [m[1]!]: m[2] === 'true' };
}
