// The playground page: the engine (tpe.wasm) and the emulator run here, in the browser. Every edit
// of a file or a control re-runs the scenario and redraws the picture and the figures; the state
// lives in one object (state.ts) that the Share button puts into the URL fragment.
import { loadEngine, type Engine } from '../../host/index.js';
import type { Flow, SimulationReport } from '../../emulator/document.js';
import { simulate } from '../../emulator/index.js';
import { renderCsv } from '../../emulator/report/csv.js';
import { SUPPORTED_VERSIONS, GATES, NEWEST_VERSION, defaultGates, parseVersion } from '../../host/engine/eras.js';
import { EXAMPLES, TOUR_EXAMPLE, example } from './examples.js';
import { ManifestEditor } from './editor.js';
import { figuresHtml } from './figures.js';
import { drawPicture } from './picture.js';
import { emulationAt, nodeDecisions, whyFlow } from './inspect.js';
import { runScenario, TOPOLOGY_ANNOTATION, type RunResult } from './run.js';
import { setField } from './yaml-edit.js';
import { decodeState, encodeState } from './share.js';
import { cloneScenario, emptyState, scenarioOf, type PlaygroundState } from './state.js';
import { storyHtml } from './story.js';
import { TimelineChart } from './chart.js';
import { compareHtml } from './compare.js';

const COMPARE_EXAMPLE = 'compare:three-zone-web';
const copy = (files: ReadonlyArray<{ name: string; text: string }>) => files.map((f) => ({ ...f }));
const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

let engine: Engine;
let state: PlaygroundState = emptyState();
let run: RunResult | null = null;
let runA: RunResult | null = null;
let selected: { node: string } | { flows: number[] } | null = null;
let editor: ManifestEditor;
let chart: TimelineChart;
let pending = 0;
let playing: ReturnType<typeof setInterval> | null = null;
/** Resolved after each completed update: the tests and the benchmark wait on it. */
let updated: Array<() => void> = [];
/** Milliseconds of each part of the last update (the benchmark prints them). */
let timings: Record<string, number> = {};

function stepOf(
  report: SimulationReport | null,
  step: number,
): { flows: Flow[]; summary: SimulationReport['summary']; at: string; events: string[] } | null {
  if (!report) return null;
  const s = report.steps?.[Math.min(step, report.steps.length - 1)];
  return s
    ? { flows: s.flows, summary: s.summary, at: s.at, events: s.events }
    : { flows: report.flows, summary: report.summary, at: '', events: [] };
}

/** Re-run and redraw on the next frame: bursts of edits coalesce into one run. */
function schedule(): void {
  if (pending) return;
  pending = requestAnimationFrame(() => {
    pending = 0;
    update();
  });
}

function update(): void {
  run = runScenario(engine, scenarioOf(state));
  runA = state.compare ? runScenario(engine, state.compare) : null;
  const steps = run.report?.steps?.length ?? 0;
  if (state.step >= Math.max(1, steps)) state.step = Math.max(0, steps - 1);
  const phases: Array<[string, () => void]> = [
    ['diagnostics', () => editor.setDiagnostics(run!.diagnostics)],
    ['tabs', renderTabs],
    ['error', renderError],
    ['picture', renderPicture],
    ['figures', renderFigures],
    ['controls', renderControls],
    ['timeline', renderTimeline],
    ['story', renderStory],
    ['compare', renderCompare],
    ['inspector', renderInspector],
  ];
  timings = { ...run.phases, compareRun: runA?.ms ?? 0 };
  for (const [name, phase] of phases) {
    const t = performance.now();
    phase();
    timings[name] = performance.now() - t;
  }
  const done = updated;
  updated = [];
  for (const resolve of done) resolve();
}

function renderError(): void {
  const box = $('error');
  if (!run?.error) {
    box.hidden = true;
    return;
  }
  const first = run.diagnostics.find((d) => d.severity === 'error');
  const where = first
    ? ` <button type="button" class="link" data-goto="${first.file}">${esc(state.files[first.file]?.name ?? '')} line ${first.line}, column ${first.col}</button>`
    : '';
  box.hidden = false;
  box.innerHTML = `<b>${esc(run.error.reason ?? 'Error')}</b>${where}: ${esc(inFiles(run.error.message))}`;
}

/** `objects[5] (Service x)` in a message as the user knows it: `agent.yaml, document 2 (Service x)`. */
function inFiles(message: string): string {
  return message.replace(/objects\[(\d+)\] /g, (all, n: string) => {
    const origin = run?.sources.origin(Number(n));
    const file = origin && state.files[origin.file];
    return file ? `${file.name}, document ${origin.doc + 1} ` : all;
  });
}

function renderPicture(): void {
  const at = stepOf(run?.report ?? null, state.step);
  const cluster = run?.clusters[Math.min(state.step, (run?.clusters.length ?? 1) - 1)];
  const box = $('picture');
  if (!at || !cluster) {
    if (!run?.error) box.innerHTML = '<p class="muted">No cluster yet: pick an example or paste manifests.</p>';
    else box.classList.add('stale');
    return;
  }
  box.classList.remove('stale');
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.node;
  const picture = drawPicture(
    cluster,
    at.flows,
    'node' in (selected ?? {}) ? (selected as { node: string }).node : null,
    box.clientWidth - 10,
  );
  box.innerHTML = picture.svg;
  box.dataset.drops = String(picture.drops);
  box.dataset.rejects = String(picture.rejects);
  box.dataset.crossZone = String(picture.edges['cross-zone']);
  if (focused) box.querySelector<SVGElement>(`[data-node="${CSS.escape(focused)}"]`)?.focus();
}

function renderFigures(): void {
  const at = stepOf(run?.report ?? null, state.step);
  $('figures').classList.toggle('stale', run?.error !== null);
  if (!at || !run) return;
  $('figures').innerHTML = figuresHtml(at.summary, run.lint, run.report?.warnings ?? [], run.ms);
}

/** Replaces a panel's HTML only when it changed, keeping the focused control focused (keyboard use). */
function setPanel(el: HTMLElement, html: string): void {
  if (el.dataset.html === html) return;
  const focusedId = (document.activeElement as HTMLElement | null)?.id;
  el.innerHTML = html;
  el.dataset.html = html;
  if (focusedId && el.contains(document.getElementById(focusedId))) document.getElementById(focusedId)?.focus();
}

function select(id: string, label: string, value: string, options: Array<[string, string]>, attrs = ''): string {
  return (
    `<label class="control">${label} <select id="${id}" ${attrs}>` +
    options.map(([v, text]) => `<option value="${esc(v)}"${v === value ? ' selected' : ''}>${esc(text)}</option>`).join('') +
    `</select></label>`
  );
}

let controlsKey = '';

function renderControls(): void {
  if (!run) return;
  // Rebuilt only when their set changed (the Services, their kinds, the era's defaults); a changed
  // value alone is set on its control, so a big cluster's edit does not lay out 200 selects again.
  const key = JSON.stringify([run.services.map((s) => [s.key, s.type]), state.kubernetesVersion, run.report?.meta?.seed]);
  if (key === controlsKey) {
    syncControls();
    return;
  }
  controlsKey = key;
  const minor = (() => {
    try {
      return parseVersion(state.kubernetesVersion || NEWEST_VERSION);
    } catch {
      return 35;
    }
  })();
  const defaults = defaultGates(minor) as Record<string, boolean>;
  const parts: string[] = [];
  parts.push(
    select('k8s-version', 'Kubernetes', state.kubernetesVersion, [
      ['', `${NEWEST_VERSION} (newest)`],
      ...[...SUPPORTED_VERSIONS].reverse().map((v) => [v, v] as [string, string]),
    ]),
    `<label class="control">seed <input id="seed" type="number" min="0" step="1" value="${state.seed ?? ''}" placeholder="${run.report?.meta?.seed ?? 0}" /></label>`,
  );
  parts.push('<details class="gates"><summary>Feature gates</summary>');
  for (const gate of Object.keys(GATES)) {
    const value = Object.hasOwn(state.featureGates, gate) ? String(state.featureGates[gate]) : '';
    parts.push(
      select(
        `gate-${gate}`,
        gate,
        value,
        [
          ['', `default (${defaults[gate] ? 'on' : 'off'})`],
          ['true', 'on'],
          ['false', 'off'],
        ],
        'data-gate="' + gate + '"',
      ),
    );
  }
  parts.push('</details>');
  for (const s of run.services) {
    const id = s.key.replace(/[^a-zA-Z0-9]/g, '_');
    parts.push(
      `<fieldset class="service" data-service="${esc(s.key)}"><legend>Service ${esc(s.key)} <span class="muted">${esc(s.type)}</span></legend>`,
    );
    parts.push(
      select(
        `itp-${id}`,
        'internalTrafficPolicy',
        s.internalTrafficPolicy,
        [
          ['Cluster', 'Cluster'],
          ['Local', 'Local'],
        ],
        'data-field="internalTrafficPolicy"',
      ),
    );
    if (s.externalTrafficPolicy !== null) {
      parts.push(
        select(
          `etp-${id}`,
          'externalTrafficPolicy',
          s.externalTrafficPolicy,
          [
            ['Cluster', 'Cluster'],
            ['Local', 'Local'],
          ],
          'data-field="externalTrafficPolicy"',
        ),
      );
    }
    parts.push(
      select(
        `td-${id}`,
        'trafficDistribution',
        s.trafficDistribution,
        [
          ['', '(none)'],
          ['PreferClose', 'PreferClose'],
          ['PreferSameZone', 'PreferSameZone'],
          ['PreferSameNode', 'PreferSameNode'],
        ],
        'data-field="trafficDistribution"',
      ),
    );
    parts.push(
      select(
        `topo-${id}`,
        'topology-mode annotation',
        s.topologyMode === 'auto' ? 'Auto' : s.topologyMode,
        [
          ['', '(none)'],
          ['Auto', 'Auto'],
        ],
        'data-field="topologyMode"',
      ),
    );
    parts.push('</fieldset>');
  }
  setPanel($('controls'), parts.join(''));
}

/** The controls' values from the state and the run: a control shows what the files say. */
function syncControls(): void {
  const set = (id: string, value: string) => {
    const el = document.getElementById(id) as HTMLSelectElement | HTMLInputElement | null;
    if (el && el.value !== value) el.value = value;
  };
  set('seed', state.seed === null ? '' : String(state.seed));
  for (const gate of Object.keys(GATES))
    set(`gate-${gate}`, Object.hasOwn(state.featureGates, gate) ? String(state.featureGates[gate]) : '');
  for (const s of run?.services ?? []) {
    const id = s.key.replace(/[^a-zA-Z0-9]/g, '_');
    set(`itp-${id}`, s.internalTrafficPolicy);
    if (s.externalTrafficPolicy !== null) set(`etp-${id}`, s.externalTrafficPolicy);
    set(`td-${id}`, s.trafficDistribution);
    set(`topo-${id}`, s.topologyMode === 'auto' ? 'Auto' : s.topologyMode);
  }
}

function renderTimeline(): void {
  const steps = run?.report?.steps ?? [];
  const box = $('timeline');
  box.hidden = steps.length === 0;
  if (steps.length === 0) {
    chart.clear();
    stopPlaying();
    return;
  }
  const range = $<HTMLInputElement>('step');
  range.max = String(steps.length - 1);
  range.value = String(state.step);
  const s = steps[state.step]!;
  $('step-label').textContent =
    `step ${state.step + 1} of ${steps.length} · t=${s.at}${s.events.length ? ` · ${s.events.join('; ')}` : ' · initial state'}`;
  chart.draw(steps, state.step, $('chart'));
}

function renderStory(): void {
  const box = $('story');
  const html = state.example === TOUR_EXAMPLE && run?.report ? storyHtml(run) : '';
  box.hidden = html === '';
  setPanel(box, html);
}

function renderCompare(): void {
  const box = $('compare-panel');
  $('compare').textContent = state.compare ? 'Stop comparing' : 'Compare A/B';
  $('compare').setAttribute('aria-pressed', String(state.compare !== null));
  if (!state.compare || !runA) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.innerHTML = compareHtml(runA, run!, state.step);
}

function renderTabs(): void {
  const html =
    state.files
      .map(
        (f, i) =>
          `<span class="tab${i === state.active ? ' active' : ''}${run?.diagnostics.some((d) => d.file === i && d.severity === 'error') ? ' has-error' : ''}">` +
          `<button type="button" role="tab" aria-selected="${i === state.active}" data-tab="${i}">${esc(f.name)}</button>` +
          `<button type="button" class="close" aria-label="close ${esc(f.name)}" data-close="${i}">×</button></span>`,
      )
      .join('') + `<button type="button" class="add" data-add="1" aria-label="new file">+</button>`;
  setPanel($('tabs'), html);
}

function renderInspector(): void {
  const box = $('inspector');
  if (!selected || !run?.report) return;
  const at = stepOf(run.report, state.step)!;
  const atMs = run.report.steps?.[state.step]?.atMs ?? 0;
  const emulation = emulationAt(engine, run, atMs);
  if ('node' in selected) {
    const nodeName = selected.node;
    const decisions = nodeDecisions(engine, emulation, nodeName);
    const node = emulation.cluster.node(nodeName);
    box.innerHTML =
      `<h3 data-view-node="${esc(nodeName)}">kube-proxy on ${esc(nodeName)} <span class="muted">zone ${esc(node?.zone || '–')}</span></h3>` +
      (decisions.length === 0 ? '<p class="muted">No Service port is proxied.</p>' : '') +
      decisions
        .map(({ service, port, result }) => {
          const verdict = (d: { verdict: string; endpoints: string[] } | null, label: string) =>
            d
              ? `<div class="decision ${d.verdict}"><b>${label}</b> <span class="verdict">${d.verdict.toUpperCase()}</span> ${d.endpoints.map(esc).join(', ') || '—'}</div>`
              : '';
          return (
            `<div class="port-view" data-port="${esc(`${service}:${port}`)}"><h4>${esc(service)}:${esc(port)} <span class="muted">topology ${result.topologyMode}</span></h4>` +
            verdict(result.internal, 'internal (ClusterIP)') +
            verdict(result.external, 'external (NodePort/LB)') +
            explainList(result.explain ?? []) +
            `</div>`
          );
        })
        .join('');
    return;
  }
  const flows = selected.flows.map((i) => at.flows[i]).filter((f): f is Flow => f !== undefined);
  box.innerHTML =
    `<h3>${flows.length} flow${flows.length === 1 ? '' : 's'}</h3>` +
    flows
      .slice(0, 20)
      .map((f) => {
        const decision = nodeDecisions(engine, emulation, f.from.node).find((d) => d.service === f.to.service && d.port === f.to.port);
        return `<div class="why ${f.verdict}" data-why="${f.verdict}"><p>${esc(whyFlow(f, decision))}</p>${
          decision?.result.explain ? explainList(decision.result.explain) : ''
        }</div>`;
      })
      .join('');
}

/** Where each control writes in a Service's YAML. */
const FIELDS: Record<string, ReadonlyArray<string>> = {
  internalTrafficPolicy: ['spec', 'internalTrafficPolicy'],
  externalTrafficPolicy: ['spec', 'externalTrafficPolicy'],
  trafficDistribution: ['spec', 'trafficDistribution'],
  topologyMode: ['metadata', 'annotations', TOPOLOGY_ANNOTATION],
};

/** A control's change, made in the Service's YAML (the editor shows it, undo takes it back). `''` removes the field. */
/** Explain's entries, one per endpoint: in which set it is, the reason code and its sentence. */
function explainList(
  entries: ReadonlyArray<{ endpoint: string; cluster: boolean; local: boolean; reason: string; detail: string }>,
): string {
  return (
    `<ul class="explain">` +
    entries
      .map((e) => {
        const sets = [e.cluster ? 'cluster' : '', e.local ? 'local' : ''].filter(Boolean).join(' + ') || 'not used';
        return `<li><b>${esc(e.endpoint)}</b> <span class="sets">${sets}</span> <code>${esc(e.reason)}</code><div class="muted">${esc(e.detail)}</div></li>`;
      })
      .join('') +
    `</ul>`
  );
}

function setServiceField(service: string, field: string, value: string): void {
  const info = run?.services.find((s) => s.key === service);
  const origin = info && run?.sources.origin(info.index);
  const file = origin && state.files[origin.file];
  if (!origin || !file || !FIELDS[field]) return;
  try {
    const text = setField(file.text, origin.doc, [...origin.path, ...FIELDS[field]!], value === '' ? null : value);
    file.text = text;
    // The file the control wrote to comes to the front: the change is seen, and Ctrl+Z takes it back.
    if (origin.file !== state.active) {
      state.active = origin.file;
      editor.show(origin.file);
    }
    editor.replace(origin.file, text);
  } catch (e) {
    $('error').hidden = false;
    $('error').textContent = `Cannot change ${field} of ${service}: ${(e as Error).message}`;
    return;
  }
  schedule();
}

function loadExample(id: string): void {
  stopPlaying();
  selected = null;
  if (id === COMPARE_EXAMPLE) {
    // The README's `tpe diff`: the same cluster without topology (A) and with PreferSameZone (B).
    const a = example('three-zone-web/cluster')!;
    const b = example('three-zone-web/prefer-same-zone')!;
    state = { ...emptyState(), example: id, files: copy(b.files), compare: { ...scenarioOf(emptyState()), files: copy(a.files) } };
  } else {
    const ex = example(id);
    if (!ex) return;
    state = { ...emptyState(), example: ex.id, files: copy(ex.files) };
  }
  editor.load(
    state.files.map((f) => f.text),
    0,
  );
  $<HTMLSelectElement>('example').value = id;
  $('inspector').innerHTML = '<p class="muted">Click a node for its kube-proxy view, or a flow for why it went where it went.</p>';
  schedule();
}

function loadState(next: PlaygroundState): void {
  stopPlaying();
  selected = null;
  state = next;
  editor.load(
    state.files.map((f) => f.text),
    state.active,
  );
  $<HTMLSelectElement>('example').value = state.example ?? '';
  schedule();
}

function stopPlaying(): void {
  if (playing) clearInterval(playing);
  playing = null;
  const button = document.getElementById('play');
  if (button) button.textContent = '▶ play';
}

function setStep(step: number): void {
  const steps = run?.report?.steps?.length ?? 0;
  state.step = Math.max(0, Math.min(step, steps - 1));
  schedule();
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function wire(): void {
  const exampleSelect = $<HTMLSelectElement>('example');
  exampleSelect.innerHTML =
    `<option value="">(your own files)</option>` +
    `<option value="${TOUR_EXAMPLE}">▶ Tour: internalTrafficPolicy in one minute</option>` +
    EXAMPLES.map((e) => `<option value="${esc(e.id)}">${esc(e.id)} — ${esc(e.title)}</option>`).join('') +
    `<option value="${COMPARE_EXAMPLE}">three-zone-web — Cluster (A) vs PreferSameZone (B), compared</option>`;
  exampleSelect.addEventListener('change', () => exampleSelect.value && loadExample(exampleSelect.value));

  $('share').addEventListener('click', () => {
    const hash = encodeState(state);
    history.replaceState(null, '', hash);
    const url = location.href;
    $('share-box').hidden = false;
    $<HTMLInputElement>('share-url').value = url;
    $<HTMLInputElement>('share-url').select();
    navigator.clipboard?.writeText(url).then(
      () => ($('share-note').textContent = `copied (${hash.length} characters; the fragment never reaches a server)`),
      () => ($('share-note').textContent = `${hash.length} characters; the fragment never reaches a server`),
    );
  });
  $('download-json').addEventListener(
    'click',
    () => run?.report && download('report.json', 'application/json', `${JSON.stringify(run.report, null, 2)}\n`),
  );
  $('download-csv').addEventListener('click', () => run?.report && download('flows.csv', 'text/csv', renderCsv(run.report)));
  $('compare').addEventListener('click', () => {
    state.compare = state.compare ? null : cloneScenario(scenarioOf(state));
    schedule();
  });

  $('tabs').addEventListener('click', (e) => {
    const t = (e.target as HTMLElement).closest('button');
    if (!t) return;
    if (t.dataset.tab !== undefined) {
      state.active = Number(t.dataset.tab);
      editor.show(state.active);
      renderTabs();
    } else if (t.dataset.close !== undefined) {
      const i = Number(t.dataset.close);
      if (!confirm(`Close ${state.files[i]?.name}? Its text is removed from the scenario.`)) return;
      state.files.splice(i, 1);
      editor.remove(i);
      state.active = Math.max(0, Math.min(state.active, state.files.length - 1));
      editor.show(state.active);
      schedule();
    } else if (t.dataset.add) {
      addFile(`file-${state.files.length + 1}.yaml`, '');
    }
  });
  $('tabs').addEventListener('dblclick', (e) => {
    const t = (e.target as HTMLElement).closest<HTMLElement>('[data-tab]');
    if (!t) return;
    const i = Number(t.dataset.tab);
    const name = prompt('File name', state.files[i]!.name);
    if (name) {
      state.files[i]!.name = name;
      schedule();
    }
  });

  const pane = document.querySelector<HTMLElement>('.editor-pane')!;
  pane.addEventListener('dragover', (e) => e.preventDefault());
  pane.addEventListener('drop', (e) => {
    e.preventDefault();
    for (const file of Array.from(e.dataTransfer?.files ?? [])) void file.text().then((text: string) => addFile(file.name, text));
  });

  $('controls').addEventListener('change', (e) => {
    const t = e.target as HTMLSelectElement | HTMLInputElement;
    if (t.id === 'k8s-version') state.kubernetesVersion = t.value;
    else if (t.id === 'seed') state.seed = t.value === '' ? null : Number(t.value);
    else if (t.dataset.gate) {
      const gates = { ...state.featureGates };
      if (t.value === '') delete gates[t.dataset.gate];
      else gates[t.dataset.gate] = t.value === 'true';
      state.featureGates = gates;
    } else if (t.dataset.field) {
      const service = t.closest<HTMLElement>('[data-service]')!.dataset.service!;
      setServiceField(service, t.dataset.field, t.value);
      return;
    }
    schedule();
  });
  $('story').addEventListener('click', (e) => {
    const t = (e.target as HTMLElement).closest<HTMLElement>('[data-story-itp]');
    if (t) setServiceField(t.dataset.service!, 'internalTrafficPolicy', t.dataset.storyItp!);
    const n = (e.target as HTMLElement).closest<HTMLElement>('[data-story-node]');
    if (n) {
      selected = { node: n.dataset.storyNode! };
      schedule();
    }
  });
  $('error').addEventListener('click', (e) => {
    const t = (e.target as HTMLElement).closest<HTMLElement>('[data-goto]');
    const d = run?.diagnostics.find((x) => x.severity === 'error');
    if (!t || !d) return;
    state.active = d.file;
    editor.show(d.file);
    editor.view.dispatch({ selection: { anchor: d.from }, scrollIntoView: true });
    editor.view.focus();
    renderTabs();
  });

  const activate = (target: Element | null) => {
    const node = target?.closest<SVGElement>('[data-node]');
    const flow = target?.closest<SVGElement>('[data-flows]');
    if (flow) selected = { flows: flow.dataset.flows!.split(',').map(Number) };
    else if (node) selected = { node: node.dataset.node! };
    else return;
    schedule();
    const panel = document.getElementById('inspector-panel');
    panel?.setAttribute('open', '');
    // The view opens where the eye can see it (on a narrow screen the panel is far below).
    requestAnimationFrame(() => panel?.scrollIntoView({ block: 'nearest', behavior: 'smooth' }));
  };
  $('picture').addEventListener('click', (e) => activate(e.target as Element));
  $('picture').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      activate(e.target as Element);
    }
  });

  $('step').addEventListener('input', () => setStep(Number($<HTMLInputElement>('step').value)));
  $('step-prev').addEventListener('click', () => setStep(state.step - 1));
  $('step-next').addEventListener('click', () => setStep(state.step + 1));
  $('play').addEventListener('click', () => {
    if (playing) return stopPlaying();
    const steps = run?.report?.steps?.length ?? 0;
    if (state.step >= steps - 1) setStep(0);
    $('play').textContent = '❚❚ pause';
    playing = setInterval(() => {
      const n = run?.report?.steps?.length ?? 0;
      if (state.step >= n - 1) return stopPlaying();
      setStep(state.step + 1);
    }, 1200);
  });
}

function addFile(name: string, text: string): void {
  state.files.push({ name, text });
  editor.add(text);
  state.active = state.files.length - 1;
  editor.show(state.active);
  schedule();
}

/** What the tests and the benchmark reach through page.evaluate: the same engine and emulator the page uses. */
function expose(): void {
  (window as unknown as { tpePlayground: unknown }).tpePlayground = {
    categorize: (request: unknown) => {
      try {
        return engine.categorize(request);
      } catch (e) {
        const status = (e as { status?: unknown }).status;
        if (status) return status;
        throw e;
      }
    },
    simulate: (files: Array<{ name: string; text: string }>, options = {}) => {
      const r = runScenario(engine, { files, kubernetesVersion: '', featureGates: {}, seed: null });
      return r.report ? JSON.parse(JSON.stringify(simulate(engine, r.objects, options))) : { error: r.error };
    },
    examples: () => EXAMPLES,
    /** Opens these files as the user's own (the benchmark's and the big screenshot's generated cluster). */
    load: (files: Array<{ name: string; text: string }>) => {
      loadState({ ...emptyState(), files });
      return new Promise<void>((resolve) => updated.push(resolve));
    },
    state: () => JSON.parse(JSON.stringify(state)) as PlaygroundState,
    diagnostics: () => run?.diagnostics.map(({ file, line, col, severity, message }) => ({ file, line, col, severity, message })) ?? [],
    /** Resolves once the page has re-run and redrawn after what was just done. */
    settled: () => new Promise<void>((resolve) => (pending || updated.length ? updated.push(resolve) : resolve())),
    /** Selects `text` where it first follows `after` in the open file and focuses the editor, so the keyboard types over it. */
    selectText: (text: string, after = '') => {
      const at = editor.view.state.doc.toString().indexOf(after + text);
      if (at < 0) throw new Error(`${after}${text} is not in the open file`);
      const from = at + after.length;
      editor.view.dispatch({ selection: { anchor: from, head: from + text.length }, scrollIntoView: true });
      editor.view.focus();
    },
    /** Changes a file's text (default: the open one) as typing would — one change of the part that differs — resolving once redrawn (the benchmark's edit). */
    edit: (text: string, file = state.active) => {
      if (file !== state.active) {
        state.active = file;
        editor.show(file);
      }
      editor.replace(file, text);
      return new Promise<void>((resolve) => updated.push(resolve));
    },
    /** The last run's time in the page (simulate and lint), in milliseconds. */
    lastRunMs: () => run?.ms ?? null,
    timings: () => timings,
  };
}

async function main(): Promise<void> {
  editor = new ManifestEditor($('editor'), (file, text) => {
    if (state.files[file]) state.files[file]!.text = text;
    schedule();
  });
  chart = new TimelineChart();
  wire();
  expose();
  engine = await loadEngine(fetch(new URL('tpe.wasm', location.href)));
  const shared = decodeState(location.hash);
  if (shared) loadState(shared);
  else loadExample(TOUR_EXAMPLE);
  window.addEventListener('hashchange', () => {
    const s = decodeState(location.hash);
    if (s && JSON.stringify(s) !== JSON.stringify(state)) loadState(s);
  });
  await new Promise<void>((resolve) => updated.push(resolve));
  document.body.dataset.ready = 'true';
  // From navigation start to the first picture: the benchmark's time to interactive.
  document.body.dataset.readyMs = String(Math.round(performance.now()));
}

main().catch((e: unknown) => {
  document.body.dataset.ready = 'failed';
  $('error').hidden = false;
  $('error').textContent = `The playground could not start: ${(e as Error).message}`;
});
