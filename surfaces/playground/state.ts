// Everything the page shows follows from this state: the files, the era and seed, and the step.
// The Service controls edit the files themselves (yaml-edit.ts). Share links carry it whole
// (share.ts), so opening a link restores exactly what its author saw.
export interface ManifestText {
  name: string;
  text: string;
}

/** One side of a simulation: the manifests and the options of the run. */
export interface Scenario {
  files: ManifestText[];
  /** `1.21` … `1.35`; `''` the newest. */
  kubernetesVersion: string;
  featureGates: Record<string, boolean>;
  /** null: the Traffic's spec.seed (or 0). */
  seed: number | null;
}

export interface PlaygroundState extends Scenario {
  /** The example the files came from, if any (the tour shows its story). */
  example: string | null;
  /** Open tab. */
  active: number;
  /** Step of the fault timeline shown (0: the initial state). */
  step: number;
  /** Compare mode: A, pinned; the live scenario is B. */
  compare: Scenario | null;
}

export function scenarioOf(state: PlaygroundState): Scenario {
  return {
    files: state.files,
    kubernetesVersion: state.kubernetesVersion,
    featureGates: state.featureGates,
    seed: state.seed,
  };
}

export function cloneScenario(s: Scenario): Scenario {
  return JSON.parse(JSON.stringify(s)) as Scenario;
}

export function emptyState(): PlaygroundState {
  return {
    files: [],
    kubernetesVersion: '',
    featureGates: {},
    seed: null,
    example: null,
    active: 0,
    step: 0,
    compare: null,
  };
}
