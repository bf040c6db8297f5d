// Non-fatal notes about the input and the run — an object was read but something was defaulted,
// inferred or set aside — in one model for every surface: a snapshot's `GET /v1/status`, the
// emulator's report `warnings`, the CLI. Collected in order; a code that fires for thousands of
// objects (a dump of 5,000 Nodes without allocatable CPU) is folded into a few entries and a count,
// so the list stays readable at any scale.

export interface IngestWarning {
  /** Stable code, e.g. `ReplacedObject`, `OrphanEndpointSlice`, `DefaultedNodeCPU`. */
  code: string;
  /** The object or field it is about. */
  object: string;
  message: string;
}

type ReportWarning = IngestWarning;

/** Entries kept per code before the rest are folded into one "and N more" entry. */
const KEPT_PER_CODE = 10;

export class Warnings {
  private readonly byCode = new Map<string, ReportWarning[]>();
  private readonly folded = new Map<string, number>();
  /** The same warning again (a flow re-planned at every step) is recorded once. */
  private readonly seen = new Set<string>();

  add(code: string, object: string, message: string): void {
    const id = `${code}\u0000${object}\u0000${message}`;
    if (this.seen.has(id)) return;
    this.seen.add(id);
    let list = this.byCode.get(code);
    if (!list) this.byCode.set(code, (list = []));
    if (list.length < KEPT_PER_CODE) list.push({ code, object, message });
    else this.folded.set(code, (this.folded.get(code) ?? 0) + 1);
  }

  get size(): number {
    let n = 0;
    for (const list of this.byCode.values()) n += list.length;
    for (const count of this.folded.values()) n += count;
    return n;
  }

  /** In first-seen order of codes; each code's entries in the order they came. */
  list(): ReportWarning[] {
    const out: ReportWarning[] = [];
    for (const [code, list] of this.byCode) {
      out.push(...list);
      const more = this.folded.get(code);
      if (more)
        out.push({
          code,
          object: `${more} more`,
          message: `${more} more object${more === 1 ? '' : 's'} with the same warning (${code}); the first ${KEPT_PER_CODE} are listed above`,
        });
    }
    return out;
  }
}
