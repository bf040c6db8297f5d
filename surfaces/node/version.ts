// The package version for `tpe --version`: package.json sits two folders above this file in the
// sources (surfaces/node) and three above it once compiled (dist/surfaces/node).
import { readFileSync } from 'node:fs';

export function packageVersion(): string {
  for (const up of ['../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(up, import.meta.url), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'tpe' && pkg.version) return pkg.version;
    } catch {
      // Not at this level; try the next one.
    }
  }
  return 'unknown';
}
