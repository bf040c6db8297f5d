// The CLI's exit codes (docs/contracts.md §4), one place for every command.
/** The command did what was asked. */
export const EXIT_OK = 0;
/** The answer is a failure the user asked to gate on (e.g. `--fail-on drop`). */
export const EXIT_GATED = 1;
/** Bad input: the Status message is on stderr. */
export const EXIT_BAD_INPUT = 2;
/** tpe itself failed. */
export const EXIT_INTERNAL = 3;
