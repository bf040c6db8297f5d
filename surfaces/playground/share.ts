// Share links: the whole state, lz-string-compressed into the URL fragment (`#s=…`). The fragment
// never reaches a server, so a shared cluster stays between the people who hold the link.
import { compressToEncodedURIComponent, decompressFromEncodedURIComponent } from 'lz-string';
import { emptyState, type PlaygroundState } from './state.js';

const PREFIX = '#s=';

export function encodeState(state: PlaygroundState): string {
  return PREFIX + compressToEncodedURIComponent(JSON.stringify(state));
}

/** The state of a `#s=…` fragment; null when there is none or it cannot be read (a truncated link). */
export function decodeState(hash: string): PlaygroundState | null {
  if (!hash.startsWith(PREFIX)) return null;
  const json = decompressFromEncodedURIComponent(hash.slice(PREFIX.length));
  if (!json) return null;
  try {
    const value = JSON.parse(json) as Partial<PlaygroundState>;
    if (!Array.isArray(value.files)) return null;
    return { ...emptyState(), ...value };
  } catch {
    return null;
  }
}
