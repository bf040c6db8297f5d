// `tpe diff A B`: two clusters or configurations (each a file or folder) simulated with the same
// options and compared — the flows whose verdict or endpoints changed, and how the bytes, the
// cross-zone cost and the busiest endpoint moved. Tables by default, the ReportDiff JSON with --json.
import type { Command } from 'commander';
import { loadEngine } from '../../node/index.js';
import type { Engine } from '../../../host/engine/engine.js';
import { simulate, type SimulationReport } from '../../../emulator/index.js';
import { diffReports } from '../../../emulator/diff/diff.js';
import { renderDiffText } from '../../../emulator/diff/text.js';
import { addSimulationOptions, SIMULATION_HELP, type SimulationFlags } from '../simulation-options.js';
import { runOnManifests } from '../simulation-run.js';

const DIFF_HELP = `${SIMULATION_HELP.replace('FILES are', 'A and B are each')}
Both sides are simulated with the same options; flows are matched by client, Service port, address
and Traffic flow name.

Examples:
  $ tpe diff examples/three-zone-web/cluster examples/three-zone-web/prefer-same-zone
  $ tpe diff --json --price gcp before.yaml after.yaml

Exit codes: 0 the comparison is on stdout, 2 bad input (the reason on stderr), 3 tpe failed.`;

interface DiffFlags extends SimulationFlags {
  json?: boolean;
}

function run(engine: Engine, path: string, flags: SimulationFlags): Promise<SimulationReport> {
  return runOnManifests([path], 'diff', flags, (objects, options) => simulate(engine, objects, options));
}

export function registerDiff(tpe: Command): void {
  const command = tpe
    .command('diff')
    .description('compare two clusters or configurations: flows whose verdict or endpoints changed, Δ cross-zone bytes and cost')
    .argument('<a>', 'the first cluster: a file or folder of manifests')
    .argument('<b>', 'the second one');
  addSimulationOptions(command)
    .option('--json', 'print the comparison as JSON')
    .addHelpText('after', DIFF_HELP)
    .action(async (a: string, b: string, flags: DiffFlags) => {
      const engine = await loadEngine();
      const diff = diffReports(await run(engine, a, flags), await run(engine, b, flags));
      process.stdout.write(flags.json ? `${JSON.stringify(diff, null, 2)}\n` : renderDiffText(diff, { labels: [a, b] }));
    });
}
