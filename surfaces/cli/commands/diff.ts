// `tpe diff A B`: two clusters or configurations (each a file or folder) simulated with the same
// options and compared — the flows whose verdict or endpoints changed, and how the bytes, the
// cross-zone cost and the busiest endpoint moved. Tables by default, the ReportDiff JSON with --json.
import type { Command } from 'commander';
import { loadEngine } from '../../node/index.js';
import type { Engine } from '../../../host/engine/engine.js';
import { simulate, type SimulationReport } from '../../../emulator/index.js';
import { diffReports } from '../../../emulator/diff/diff.js';
import { renderDiffText } from '../../../emulator/diff/text.js';
import { addKubeOptions, addSimulationOptions, SIMULATION_HELP, type SimulationFlags } from '../simulation-options.js';
import { runOnCluster, runOnManifests } from '../simulation-run.js';
import { badRequest } from '../../../host/objects/status.js';

const DIFF_HELP = `${SIMULATION_HELP.replace('FILES are', 'A and B are each')}
Both sides are simulated with the same options; flows are matched by client, Service port, address
and Traffic flow name.

Examples:
  $ tpe diff examples/three-zone-web/cluster examples/three-zone-web/prefer-same-zone
  $ tpe diff --json --price gcp before.yaml after.yaml
  $ tpe diff --kubeconfig proposed/             # the live cluster (A) against proposed/ (B)

Exit codes: 0 the comparison is on stdout, 2 bad input (the reason on stderr), 3 tpe failed.`;

interface DiffFlags extends SimulationFlags {
  json?: boolean;
}

/** A side: a file or folder, or (null) the cluster of --kubeconfig. */
function run(engine: Engine, path: string | null, flags: SimulationFlags): Promise<SimulationReport> {
  if (path === null) return runOnCluster('diff', flags, (objects, options) => simulate(engine, objects, options));
  return runOnManifests([path], 'diff', { ...flags, kubeconfig: undefined }, (objects, options) => simulate(engine, objects, options));
}

export function registerDiff(tpe: Command): void {
  const command = tpe
    .command('diff')
    .description('compare two clusters or configurations: flows whose verdict or endpoints changed, Δ cross-zone bytes and cost')
    .argument('<a>', 'the first cluster: a file or folder of manifests (with --kubeconfig: the one to compare the live cluster with)')
    .argument('[b]', 'the second one');
  addKubeOptions(addSimulationOptions(command))
    .option('--json', 'print the comparison as JSON')
    .addHelpText('after', DIFF_HELP)
    .action(async (a: string, b: string | undefined, flags: DiffFlags) => {
      // With --kubeconfig the live cluster is A and the one path given is B: what would change.
      const live = flags.kubeconfig !== undefined;
      if (live === (b !== undefined))
        throw badRequest(
          live ? 'tpe diff --kubeconfig: give one cluster to compare the live one with' : 'tpe diff: give two clusters A and B',
        );
      const sides: [string | null, string] = live ? [null, a] : [a, b!];
      const engine = await loadEngine();
      const diff = diffReports(await run(engine, sides[0], flags), await run(engine, sides[1], flags));
      const labels: [string, string] = [sides[0] ?? 'the live cluster', sides[1]];
      process.stdout.write(flags.json ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffText(diff, { labels }));
    });
}
