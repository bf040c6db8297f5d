// `tpe slices FILES…`: the EndpointSlices the emulator's EndpointSlice controller would write for
// every Service with a selector, as `kubectl get endpointslices -o yaml` prints them (a List), so a
// user can read or apply them. With --check, compare them with the EndpointSlices already in the
// input — the user's real ones — endpoint by endpoint, and exit 1 on any difference.
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { readManifests } from '../../node/files.js';
import { runController } from '../../../emulator/slices/controller-run.js';
import { sliceList } from '../../../emulator/slices/list.js';
import { checkSlices } from '../../../emulator/slices/check.js';
import { renderCheckText } from '../../../emulator/report/slices-check.js';
import { collectFeatureGate } from '../options.js';
import { EXIT_GATED } from '../exit-codes.js';

const SLICES_HELP = `
FILES are files or folders (every .yaml, .yml and .json within, at any depth) or - for stdin: Nodes,
Pods and/or Deployments and DaemonSets, Services, and (for --check) the cluster's EndpointSlices,
e.g. kubectl get nodes,pods,services,endpointslices -A -o yaml.

Slices are named <service>-<n> (the controller uses generateName and a random suffix) and carry
no ownerReferences (they need the Service's uid); everything kube-proxy reads is as the controller
of that release writes it: endpoints (at most 100 a slice), conditions, nodeName, zone, hints.

Examples:
  $ tpe slices examples/three-zone-web/prefer-same-zone
  $ tpe slices --kubernetes-version 1.30 --feature-gate ServiceTrafficDistribution=true cluster.yaml
  $ kubectl get nodes,pods,services,endpointslices -A -o yaml | tpe slices --check -

Exit codes: 0 printed (with --check: no difference), 1 --check found a difference, 2 bad input (the
reason on stderr), 3 tpe failed.`;

interface SlicesFlags {
  kubernetesVersion?: string;
  featureGate?: Record<string, boolean>;
  check?: boolean;
  json?: boolean;
}

export function registerSlices(tpe: Command): void {
  tpe
    .command('slices')
    .description("print the EndpointSlices the EndpointSlice controller would write (hints included), or --check them against the input's")
    .argument('<files...>', 'manifests: files, folders, or - for stdin')
    .option(
      '--kubernetes-version <version>',
      'the Kubernetes release whose EndpointSlice controller is emulated, 1.21 … 1.35 (default: the newest)',
    )
    .option('--feature-gate <Name=bool>', 'override a feature gate of that release; repeatable', collectFeatureGate)
    .option('--check', "compare with the input's EndpointSlices endpoint by endpoint; exit 1 on a difference")
    .option('--json', 'print JSON (the List, or the check report)')
    .addHelpText('after', SLICES_HELP)
    .action(async (files: string[], flags: SlicesFlags) => {
      const manifests = await readManifests(files, 'slices');
      const run = runController(manifests.objects, {
        ...(flags.kubernetesVersion !== undefined ? { kubernetesVersion: flags.kubernetesVersion } : {}),
        ...(flags.featureGate !== undefined ? { featureGates: flags.featureGate } : {}),
        origins: manifests.origins,
      });
      if (flags.check) {
        const report = checkSlices(run);
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : renderCheckText(report));
        if (report.differences > 0) process.exitCode = EXIT_GATED;
        return;
      }
      const entries = run.cluster
        .services()
        .filter((s) => run.slices.source(s.key) === 'controller')
        .map((s) => ({ service: s.model, slices: run.slices.slicesOf(s.key) }));
      const list = sliceList(entries);
      process.stdout.write(flags.json ? `${JSON.stringify(list, null, 2)}\n` : stringify(list, { indentSeq: false, lineWidth: 0 }));
    });
}
