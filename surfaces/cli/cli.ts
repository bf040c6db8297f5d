#!/usr/bin/env node
// The `tpe` command (docs/contracts.md §4): a thin adapter over the engine, the HTTP app and the emulator. Each
// command lives in commands/; this file builds the program and turns errors into exit codes
// (exit-codes.ts): 2 bad input (the Status message on stderr), 3 tpe itself failed.
import { Command, CommanderError } from 'commander';
import { isStatusError, type Status } from '../../host/objects/status.js';
import { registerCategorize } from './commands/categorize.js';
import { registerServe } from './commands/serve.js';
import { registerSimulate } from './commands/simulate.js';
import { registerDiff } from './commands/diff.js';
import { registerLint } from './commands/lint.js';
import { registerCompile } from './commands/compile.js';
import { registerSlices } from './commands/slices.js';
import { registerDump } from './commands/dump.js';
import { EXIT_BAD_INPUT, EXIT_INTERNAL } from './exit-codes.js';
import { packageVersion } from '../node/version.js';

function program(): Command {
  const tpe = new Command('tpe')
    .description("kube-proxy's Service endpoint selection as a library, an HTTP service and this CLI")
    .version(packageVersion())
    // Usage mistakes must exit 2 like other bad input, not commander's own exit(1).
    .exitOverride()
    .addHelpText(
      'after',
      '\nExamples:\n  $ tpe categorize request.yaml\n  $ tpe serve --port 8080\n  $ tpe categorize --help    # a complete request to try',
    );

  registerServe(tpe);
  registerCategorize(tpe);
  registerSimulate(tpe);
  registerDiff(tpe);
  registerLint(tpe);
  registerCompile(tpe);
  registerSlices(tpe);
  registerDump(tpe);
  return tpe;
}

/** The Status as a person reads it: the message, then each field on its own line. */
function formatStatus(status: Status): string {
  // A message made of its one cause already says it: the line is not printed twice.
  const causes = (status.details?.causes ?? []).map((c) => `${c.field}: ${c.message}`).filter((line) => !status.message.endsWith(line));
  return [status.message, ...causes.map((line) => `  ${line}`)].join('\n');
}

function exitCodeOf(error: unknown): number {
  // Commander has already printed its message (or the help / version it was asked for).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  if (isStatusError(error)) {
    process.stderr.write(`${formatStatus(error.status)}\n`);
    return EXIT_BAD_INPUT;
  }
  // A plain Error carries a message written for the operator (no engine file, port in use); a
  // TypeError and its kin are bugs in tpe, and their stack is for whoever fixes it.
  const bug = error instanceof Error && error.constructor !== Error;
  const text = error instanceof Error ? (bug ? (error.stack ?? error.message) : error.message) : String(error);
  process.stderr.write(`tpe: ${text}\n`);
  return EXIT_INTERNAL;
}

try {
  await program().parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}
