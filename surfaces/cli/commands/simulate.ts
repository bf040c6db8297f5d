// `tpe simulate FILES…` (docs/contracts.md §4, §5): the emulator on a cluster's manifests — every flow routed
// as kube-proxy on its client's node would — printed as tables (default), the docs/contracts.md §5 JSON
// document (--json) or one CSV row per flow (--csv).
import { Option, type Command } from 'commander';
import { loadEngine } from '../../node/index.js';
import { simulate } from '../../../emulator/index.js';
import { renderText } from '../../../emulator/report/text.js';
import { renderCsv } from '../../../emulator/report/csv.js';
import { addKubeOptions, addSimulationOptions, SIMULATION_HELP, type SimulationFlags } from '../simulation-options.js';
import { runOnInput } from '../simulation-run.js';

const SIMULATE_HELP = `${SIMULATION_HELP}

Examples:
  $ tpe simulate examples/agent-itp-local
  $ tpe simulate --json examples/etp-local-rollout > report.json
  $ tpe simulate --csv --price gcp examples/three-zone-web/cluster > flows.csv
  $ kubectl get nodes,pods,services,endpointslices -A -o yaml | tpe simulate - traffic.yaml

Exit codes: 0 the report is on stdout, 2 bad input (the reason on stderr), 3 tpe failed.`;

interface SimulateFlags extends SimulationFlags {
  json?: boolean;
  csv?: boolean;
}

export function registerSimulate(tpe: Command): void {
  const command = tpe
    .command('simulate')
    .description('route every flow of a cluster as kube-proxy would: verdicts, zone matrix, cross-zone cost, faults over time')
    .argument('[files...]', 'manifests: files, folders, or - for stdin (or --kubeconfig)');
  addKubeOptions(addSimulationOptions(command))
    .option('--json', 'print the report as JSON (docs/contracts.md §5)')
    .addOption(new Option('--csv', 'print one CSV row per flow (columns: see the README)').conflicts('json'))
    .addHelpText('after', SIMULATE_HELP)
    .action(async (files: string[], flags: SimulateFlags) => {
      const engine = await loadEngine();
      const report = await runOnInput(files, 'simulate', flags, (objects, options) => simulate(engine, objects, options));
      const out = flags.json ? `${JSON.stringify(report, null, 2)}\n` : flags.csv ? renderCsv(report) : renderText(report);
      process.stdout.write(out);
    });
}
