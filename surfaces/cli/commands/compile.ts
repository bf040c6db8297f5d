// `tpe compile FILES --node NAME`: the Envoy filter's cluster image for one node (host/cluster/image.ts),
// to a file (-o) or stdout. The plugin configuration carries it base64-encoded (`image`), or the
// filter fetches the same bytes from `tpe serve` (GET /v1/nodes/{node}/image).
import { InvalidArgumentError, type Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { compileImage, type ImageMode } from '../../../host/cluster/image.js';
import { snapshotFromObjects } from '../../../host/cluster/snapshot.js';
import { resolveEra } from '../../../host/engine/eras.js';
import { badRequest } from '../../../host/objects/status.js';
import { readManifests } from '../../node/files.js';
import { loadEngine } from '../../node/index.js';
import { collectFeatureGate } from '../options.js';

const COMPILE_EXAMPLE = `
Examples:
  $ kubectl get nodes,services,endpointslices -A -o yaml > cluster.yaml
  $ tpe compile cluster.yaml --node node-a1 -o node-a1.tpe
  $ tpe compile cluster.yaml --node node-a1 --mode external | base64 -w0   # the plugin configuration's "image"

Exit codes: 0 the image is written, 2 bad input (the reason on stderr), 3 tpe failed.`;

interface CompileFlags {
  node: string;
  mode: ImageMode;
  output?: string;
  kubernetesVersion?: string;
  featureGate?: Record<string, boolean>;
  clusterDomain?: string;
}

function parseMode(value: string): ImageMode {
  if (value !== 'internal' && value !== 'external') {
    throw new InvalidArgumentError('must be internal (a sidecar or node proxy: ClusterIP traffic) or external (an ingress on the node).');
  }
  return value;
}

export function registerCompile(tpe: Command): void {
  tpe
    .command('compile')
    .description("compile a cluster dump into the Envoy filter's image for one node")
    .argument('<files...>', 'cluster dump: kubectl get nodes,services,endpointslices -A -o yaml output, files or folders; - reads stdin')
    .requiredOption('--node <name>', 'the Node the filter runs on')
    .option(
      '--mode <internal|external>',
      'internal: ClusterIP traffic (sidecar, node proxy); external: an ingress on the node',
      parseMode,
      'internal',
    )
    .option('-o, --output <file>', 'write the image here (default: stdout)')
    .option(
      '--kubernetes-version <version>',
      'the Kubernetes release whose kube-proxy the image decides as, 1.21 … 1.35 (default: the newest)',
    )
    .option('--feature-gate <Name=bool>', 'override a feature gate of that release; repeatable', collectFeatureGate)
    .option('--cluster-domain <domain>', 'the cluster DNS domain in Service names', 'cluster.local')
    .addHelpText('after', COMPILE_EXAMPLE)
    .action(async (files: string[], opts: CompileFlags) => {
      if (opts.output === undefined && process.stdout.isTTY) {
        throw badRequest('the image is binary: give -o FILE, or pipe it (e.g. into base64 -w0)');
      }
      const manifests = await readManifests(files, 'compile');
      const era = resolveEra(opts.kubernetesVersion, opts.featureGate);
      // Each object's file goes with it: an error names the file and the object's place in it.
      const snapshot = snapshotFromObjects(manifests.objects, era, files.join(', '), manifests.origins);
      const image = compileImage(await loadEngine(), snapshot, opts.node, opts.mode, { clusterDomain: opts.clusterDomain });
      if (opts.output !== undefined) await writeFile(opts.output, image);
      else process.stdout.write(image);
      process.stderr.write(
        `tpe: image for node ${opts.node} (${opts.mode} traffic): ${image.length} bytes${opts.output ? ` in ${opts.output}` : ''}\n`,
      );
    });
}
