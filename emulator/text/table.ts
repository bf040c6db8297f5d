// One table style for every text report: plain box-drawing borders, no colours (the output is
// pasted into tickets and diffed in tests), numbers right-aligned.
import Table from 'cli-table3';

export type Align = 'left' | 'right';

export function table(head: readonly string[], rows: ReadonlyArray<ReadonlyArray<string>>, align: readonly Align[] = []): string {
  const t = new Table({
    head: [...head],
    colAligns: head.map((_, i) => align[i] ?? 'left'),
    style: { head: [], border: [], compact: true, 'padding-left': 1, 'padding-right': 1 },
  });
  for (const row of rows) t.push([...row]);
  return t.toString();
}

/** A heading line and its underline. */
export function heading(text: string): string {
  return `${text}\n${'─'.repeat(Math.min(text.length, 100))}`;
}
