// `tpe dump --kubeconfig [PATH]`: the cluster as `tpe simulate|lint|diff --kubeconfig` read it, as one
// List (YAML by default, JSON with --json) on stdout — so a run on a live cluster can be repeated
// offline, on exactly the same objects, with FILES.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { asList, readCluster } from '../../node/kube/read.js';
import { CLI_RESOURCES, SERVE_RESOURCES } from '../../node/kube/resources.js';
import { progressBar } from '../progress.js';

const DUMP_HELP = `
Examples:
  $ tpe dump --kubeconfig > cluster.yaml                 # Nodes, Pods, Deployments, DaemonSets, Services, EndpointSlices
  $ tpe dump --kubeconfig ./kc --context prod --namespace shop --json > shop.json
  $ tpe simulate cluster.yaml                            # the same run as tpe simulate --kubeconfig, offline
  $ tpe dump --kubeconfig --serve-kinds > snapshot.yaml  # only what tpe serve reads (tpe serve --cluster snapshot.yaml)

Exit codes: 0 the List is on stdout, 2 bad input or the API server refused (the reason on stderr).`;

interface DumpFlags {
  kubeconfig?: string | true;
  context?: string;
  namespace?: string;
  json?: boolean;
  serveKinds?: boolean;
}

export function registerDump(tpe: Command): void {
  tpe
    .command('dump')
    .description('read the cluster from the API server once and print it as a List: what simulate, lint and diff --kubeconfig read')
    .option('--kubeconfig [path]', 'the kubeconfig (default: $KUBECONFIG, else ~/.kube/config)')
    .option('--context <name>', 'the context to use (default: its current-context)')
    .option('--namespace <name>', "only this namespace's namespaced objects (Nodes are read whole)")
    .option('--serve-kinds', 'only Nodes, Services and EndpointSlices (what tpe serve reads)')
    .option('--json', 'print JSON instead of YAML')
    .addHelpText('after', DUMP_HELP)
    .action(async (flags: DumpFlags) => {
      const progress = progressBar();
      let read;
      try {
        read = await readCluster(
          { kubeconfig: flags.kubeconfig ?? true, context: flags.context },
          { namespace: flags.namespace, resources: flags.serveKinds ? SERVE_RESOURCES : CLI_RESOURCES, onProgress: progress.onProgress },
        );
      } finally {
        progress.stop();
      }
      const list = asList(read.objects);
      process.stdout.write(flags.json ? `${JSON.stringify(list, null, 2)}\n` : stringify(list));
    });
}
