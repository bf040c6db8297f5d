// A Prometheus registry small enough to go wherever the app runs (no node: imports, no library):
// labelled counters and histograms, and gauges read when scraped, written in the text exposition format 0.0.4.
// Series are keyed by their label values in the order of the metric's label names; a hot path resolves
// its series once (`series(values)`) and then counts on it without looking labels up again.

export const EXPOSITION_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

interface Metric {
  /** The metric's lines in the exposition, HELP and TYPE first. */
  expose(): string;
}

abstract class Labelled<S> implements Metric {
  readonly #series = new Map<string, { labels: string; state: S }>();

  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: 'counter' | 'histogram',
    private readonly labelNames: readonly string[],
  ) {}

  protected abstract fresh(): S;
  protected abstract lines(labels: string, state: S): string[];

  /** The series with these label values (one per label name, in order): made on first use, then the same one. */
  series(values: readonly string[] = []): S {
    const key = values.join('\u0000');
    let entry = this.#series.get(key);
    if (!entry) {
      entry = { labels: this.labelNames.map((n, i) => `${n}="${escapeLabel(values[i] ?? '')}"`).join(','), state: this.fresh() };
      this.#series.set(key, entry);
    }
    return entry.state;
  }

  expose(): string {
    const out = header(this.name, this.help, this.type);
    for (const { labels, state } of this.#series.values()) out.push(...this.lines(labels, state));
    return out.join('\n');
  }
}

/** One labelled series of a counter. */
export class CounterSeries {
  value = 0;

  inc(by = 1): void {
    this.value += by;
  }
}

export class Counter extends Labelled<CounterSeries> {
  constructor(name: string, help: string, labelNames: readonly string[] = []) {
    super(name, help, 'counter', labelNames);
  }

  inc(values: readonly string[] = [], by = 1): void {
    this.series(values).value += by;
  }

  protected fresh() {
    return new CounterSeries();
  }

  protected lines(labels: string, state: CounterSeries) {
    return [sample(this.name, labels, state.value)];
  }
}

/** One labelled series of a histogram. */
export class HistogramSeries {
  /** Observations per bucket, not cumulative: the exposition sums them. The last one is +Inf. */
  readonly counts: Float64Array;
  sum = 0;

  constructor(private readonly buckets: readonly number[]) {
    this.counts = new Float64Array(buckets.length + 1);
  }

  observe(value: number): void {
    const { buckets } = this;
    let i = 0;
    while (i < buckets.length && value > buckets[i]!) i++;
    this.counts[i]! += 1;
    this.sum += value;
  }
}

export class Histogram extends Labelled<HistogramSeries> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly string[],
    /** Upper bounds, ascending; +Inf is implied. */
    private readonly buckets: readonly number[],
  ) {
    super(name, help, 'histogram', labelNames);
  }

  observe(values: readonly string[], value: number): void {
    this.series(values).observe(value);
  }

  protected fresh(): HistogramSeries {
    return new HistogramSeries(this.buckets);
  }

  protected lines(labels: string, state: HistogramSeries) {
    const sep = labels === '' ? '' : ',';
    const out: string[] = [];
    let cumulative = 0;
    state.counts.forEach((n, i) => {
      cumulative += n;
      const le = i < this.buckets.length ? formatValue(this.buckets[i]!) : '+Inf';
      out.push(sample(`${this.name}_bucket`, `${labels}${sep}le="${le}"`, cumulative));
    });
    out.push(sample(`${this.name}_sum`, labels, state.sum), sample(`${this.name}_count`, labels, cumulative));
    return out;
  }
}

/**
 * An unlabelled value read when scraped, from state kept elsewhere (a gauge, or a counter someone
 * else counts); `null` leaves the series out (e.g. no snapshot loaded yet).
 */
export class Sampled implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly read: () => number | null,
    private readonly type: 'gauge' | 'counter' = 'gauge',
  ) {}

  expose(): string {
    const value = this.read();
    const out = header(this.name, this.help, this.type);
    if (value !== null) out.push(sample(this.name, '', value));
    return out.join('\n');
  }
}

/** Labelled values read when scraped: one series per entry `read` returns, labels in the order of `labelNames`. */
export class SampledSeries implements Metric {
  constructor(
    readonly name: string,
    private readonly help: string,
    private readonly labelNames: readonly string[],
    private readonly read: () => readonly { labels: readonly string[]; value: number }[],
    private readonly type: 'gauge' | 'counter' = 'gauge',
  ) {}

  expose(): string {
    const out = header(this.name, this.help, this.type);
    for (const { labels, value } of this.read())
      out.push(sample(this.name, this.labelNames.map((n, i) => `${n}="${escapeLabel(labels[i] ?? '')}"`).join(','), value));
    return out.join('\n');
  }
}

export class Registry {
  private readonly metrics: Metric[] = [];

  register<M extends Metric>(metric: M): M {
    this.metrics.push(metric);
    return metric;
  }

  expose(): string {
    return `${this.metrics.map((m) => m.expose()).join('\n')}\n`;
  }
}

function header(name: string, help: string, type: string): string[] {
  return [`# HELP ${name} ${help.replace(/\\/g, '\\\\').replace(/\n/g, '\\n')}`, `# TYPE ${name} ${type}`];
}

function sample(name: string, labels: string, value: number): string {
  return `${name}${labels === '' ? '' : `{${labels}}`} ${formatValue(value)}`;
}

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}
