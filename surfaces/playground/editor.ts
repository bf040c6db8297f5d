// The manifests editor: CodeMirror 6 with YAML, one editor state per file (tabs), and the run's
// diagnostics — Status errors at the field they name, warnings and lint findings at their object.
import { basicSetup } from 'codemirror';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import type { Diagnostic } from './run.js';

export class ManifestEditor {
  readonly view: EditorView;
  private states: EditorState[] = [];
  private active = 0;
  private diagnostics: Diagnostic[] = [];

  constructor(
    parent: HTMLElement,
    private readonly onChange: (file: number, text: string) => void,
  ) {
    this.view = new EditorView({ parent, state: this.makeState('') });
  }

  private makeState(text: string): EditorState {
    return EditorState.create({
      doc: text,
      extensions: [
        basicSetup,
        yaml(),
        lintGutter(),
        EditorView.contentAttributes.of({ 'aria-label': 'manifest editor' }),
        EditorView.updateListener.of((u) => {
          // The open file's state is kept current (cursor too), so switching tabs never needs to save it.
          if (this.states[this.active] !== undefined) this.states[this.active] = u.state;
          if (u.docChanged) this.onChange(this.active, u.state.doc.toString());
        }),
      ],
    });
  }

  /** Replaces every file (a new example, a shared link). */
  load(texts: readonly string[], active: number): void {
    this.states = texts.map((t) => this.makeState(t));
    this.show(Math.min(active, Math.max(0, texts.length - 1)));
  }

  show(file: number): void {
    this.active = file;
    this.view.setState(this.states[file] ?? this.makeState(''));
    this.applyDiagnostics();
  }

  add(text: string): void {
    this.states.push(this.makeState(text));
  }

  /** A file's new text (a control's edit), as one undoable change of the part that differs. */
  replace(file: number, text: string): void {
    const state = this.states[file];
    if (!state) return;
    const old = state.doc.toString();
    let from = 0;
    while (from < old.length && from < text.length && old[from] === text[from]) from++;
    let end = 0;
    while (end < old.length - from && end < text.length - from && old[old.length - 1 - end] === text[text.length - 1 - end]) end++;
    const changes = { from, to: old.length - end, insert: text.slice(from, text.length - end) };
    if (file === this.active) this.view.dispatch({ changes, scrollIntoView: true, selection: { anchor: from + changes.insert.length } });
    else this.states[file] = state.update({ changes }).state;
  }

  remove(file: number): void {
    this.states.splice(file, 1);
  }

  setDiagnostics(diagnostics: Diagnostic[]): void {
    this.diagnostics = diagnostics;
    this.applyDiagnostics();
  }

  private applyDiagnostics(): void {
    const length = this.view.state.doc.length;
    const mine: CmDiagnostic[] = this.diagnostics
      .filter((d) => d.file === this.active)
      .map((d) => ({
        from: Math.min(d.from, length),
        to: Math.min(Math.max(d.to, d.from), length),
        severity: d.severity,
        message: d.message,
      }));
    this.view.dispatch(setDiagnostics(this.view.state, mine));
  }
}
