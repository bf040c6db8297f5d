// `tpe lint FILES…`: the cluster simulated as `tpe simulate` would, then its risks reported with
// stable codes (docs/lint.md). Exit 1 when `--fail-on` (a severity or a code) is tripped.
import { InvalidArgumentError, type Command } from 'commander';
import { loadEngine } from '../../node/index.js';
import { collectFacts } from '../../../emulator/lint/collect.js';
import { gated, lint, LINT_CODES, parseFailOn, type FailOn } from '../../../emulator/lint/lint.js';
import { renderInputWarnings, renderLintText } from '../../../emulator/lint/text.js';
import { SEVERITIES } from '../../../emulator/lint/types.js';
import { EXIT_GATED } from '../exit-codes.js';
import { addKubeOptions, addSimulationOptions, SIMULATION_HELP, type SimulationFlags } from '../simulation-options.js';
import { runOnInput } from '../simulation-run.js';

const LINT_HELP = `${SIMULATION_HELP}

Codes (docs/lint.md): ${LINT_CODES.join(', ')}.

Examples:
  $ tpe lint examples/agent-itp-local-skipped-node
  $ tpe lint --fail-on error cluster/             # in CI: exit 1 on any error
  $ tpe lint --fail-on warning --fail-on LocalPolicyShortCircuit --json dump.yaml

Exit codes: 0 no finding trips --fail-on, 1 one does, 2 bad input (the reason on stderr), 3 tpe failed.`;

interface LintFlags extends SimulationFlags {
  json?: boolean;
  failOn?: FailOn[];
}

function collectFailOn(value: string, gates: FailOn[] = []): FailOn[] {
  const gate = parseFailOn(value);
  if (!gate) throw new InvalidArgumentError(`must be a severity (${SEVERITIES.join(', ')}) or a code (${LINT_CODES.join(', ')}).`);
  return [...gates, gate];
}

export function registerLint(tpe: Command): void {
  const command = tpe
    .command('lint')
    .description('flag traffic-policy risks in a cluster (silent drops, failing health checks, hints disabled…) with stable codes')
    .argument('[files...]', 'manifests: files, folders, or - for stdin (or --kubeconfig)');
  addKubeOptions(addSimulationOptions(command))
    .option('--json', 'print the findings as JSON')
    .option('--fail-on <severity|code>', 'exit 1 when a finding has this severity (or worse) or this code; repeatable', collectFailOn)
    .addHelpText('after', LINT_HELP)
    .action(async (files: string[], flags: LintFlags) => {
      const engine = await loadEngine();
      const facts = await runOnInput(files, 'lint', flags, (objects, options) => collectFacts(engine, objects, options));
      const result = lint(facts);
      const warnings = facts.warnings ?? [];
      process.stdout.write(
        flags.json
          ? `${JSON.stringify({ ...result, warnings }, null, 2)}\n`
          : [renderInputWarnings(warnings), renderLintText(result)].filter((s) => s !== '').join('\n'),
      );
      if (flags.failOn && gated(result, flags.failOn).length > 0) process.exitCode = EXIT_GATED;
    });
}
