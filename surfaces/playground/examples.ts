// The examples gallery: examples/ compiled into the bundle by build.ts (one entry per folder that
// holds manifests), so the page works offline once loaded.
export interface Example {
  /** Folder under examples/, e.g. `three-zone-web/cluster`. */
  id: string;
  title: string;
  summary: string;
  files: Array<{ name: string; text: string }>;
}

declare const __EXAMPLES__: Example[];

export const EXAMPLES: readonly Example[] = typeof __EXAMPLES__ === 'undefined' ? [] : __EXAMPLES__;

/** The guided first example: the internalTrafficPolicy story. */
export const TOUR_EXAMPLE = 'agent-itp-local-skipped-node';

export function example(id: string): Example | undefined {
  return EXAMPLES.find((e) => e.id === id);
}
