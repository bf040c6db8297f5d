// readYaml: YAML read at a cost bounded by the input — every limit refused while reading, duplicate
// keys found with one lookup per key, the same values as before for everything kubectl prints.
import { describe, expect, it } from 'vitest';
import { DEFAULT_YAML_LIMITS, readYaml } from '../../host/objects/yaml.js';
import { isStatusError, type Status } from '../../host/objects/status.js';

function statusOf(fn: () => unknown): Status {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e.status;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const limits = { ...DEFAULT_YAML_LIMITS, maxKeysPerMapping: 100, maxDocuments: 3, maxAliasValues: 50, maxDepth: 8 };

describe('readYaml: limits while reading', () => {
  it('nesting past maxDepth is a 413 naming the limit, at any depth (100,000 deep included)', () => {
    for (const text of [`a: ${'['.repeat(100_000)}`, `a: ${'{b: '.repeat(100_000)}`, `${'- '.repeat(20)}x`]) {
      const status = statusOf(() => readYaml(text, limits));
      expect(status).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge' });
      expect(status.message).toBe('input nests objects and lists deeper than the limit of 8 levels');
    }
    expect(readYaml(`a: ${'['.repeat(7)}1${']'.repeat(7)}`, limits)).toEqual([{ a: [[[[[[[1]]]]]]] }]);
  });

  it('more documents than the limit is a 413; empty documents count', () => {
    expect(readYaml('---\na: 1\n---\nb: 2\n---\nc: 3\n', limits)).toEqual([{ a: 1 }, { b: 2 }, { c: 3 }]);
    const status = statusOf(() => readYaml('a: 1\n---\nb: 2\n---\n---\nc: 3\n---\n', limits));
    expect(status).toMatchObject({ code: 413, message: 'input holds more than the limit of 3 YAML documents' });
  });

  it('a mapping of more keys than the limit is a 413, in block and flow style', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}: ${i}`);
    expect(Object.keys(readYaml(keys(100).join('\n'), limits)[0] as object)).toHaveLength(100);
    for (const text of [keys(101).join('\n'), `{${keys(101).join(', ')}}`, `top:\n  ${keys(101).join('\n  ')}`]) {
      expect(statusOf(() => readYaml(text, limits))).toMatchObject({
        code: 413,
        message: 'input has a mapping of more than the limit of 100 keys',
      });
    }
  });

  it('aliases count the values they stand for: a bomb is refused, a shared label set is read', () => {
    expect(readYaml('base: &b {app: cart, tier: web}\none: *b\ntwo: {<<: *b, x: y}\n', limits)).toEqual([
      { base: { app: 'cart', tier: 'web' }, one: { app: 'cart', tier: 'web' }, two: { app: 'cart', tier: 'web', x: 'y' } },
    ]);
    const bomb = ['a: &a [x, x, x, x]', 'b: &b [*a, *a, *a, *a]', 'c: &c [*b, *b, *b, *b]', 'd: [*c, *c, *c, *c]'].join('\n');
    expect(statusOf(() => readYaml(bomb, limits))).toMatchObject({
      code: 400,
      message: 'invalid YAML: too many alias expansions (a YAML alias bomb?)',
    });
  });

  it('finds a duplicate key among 9,000, saying where', () => {
    const keys = Array.from({ length: 9_000 }, (_, i) => `k${i}: ${i}`);
    keys.push('k17: again');
    expect(statusOf(() => readYaml(keys.join('\n'))).message).toBe('invalid YAML: Map keys must be unique at line 9001, column 1');
  });

  it('names the document holding a syntax error', () => {
    expect(statusOf(() => readYaml('---\nkind: A\n---\nkind: B\n  x: [\n')).message).toMatch(/^invalid YAML \(document 2\): .* at line 5/);
    expect(statusOf(() => readYaml('kind: A\n  x: [\n')).message).toMatch(/^invalid YAML: /);
  });

  it('reads YAML 1.2 core scalars as the yaml package did', () => {
    expect(readYaml('a: 0x1f\nb: 1e3\nc: ~\nd: 2020-01-01\ne: "yes"\nf: no\ng: 010\nh: -0.5\n')).toEqual([
      { a: 31, b: 1000, c: null, d: '2020-01-01', e: 'yes', f: 'no', g: 10, h: -0.5 },
    ]);
  });
});
