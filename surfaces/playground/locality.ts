// What both pictures (picture.ts, folded.ts) say about traffic: where a routed share lands relative
// to its client, and what a drawing reports back.
export type Locality = 'same-node' | 'same-zone' | 'cross-zone';

export interface Picture {
  svg: string;
  /** Counted for tests and the figures' legend. */
  edges: Record<Locality, number>;
  drops: number;
  rejects: number;
}

export function localityOf(fromNode: string, fromZone: string, toNode: string | null, toZone: string | null): Locality {
  if (toNode !== null && toNode === fromNode) return 'same-node';
  if (toZone !== null && toZone === fromZone && fromZone !== '') return 'same-zone';
  return 'cross-zone';
}
