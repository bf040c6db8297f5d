// Names every JavaScript object has (`constructor`, `toString`, `__proto__`, …) are data when they
// come from the input: an unknown gate, a label key the API server refuses, never Object's own.
import { describe, expect, it } from 'vitest';
import { resolveEra } from '../../host/engine/eras.js';
import { parseDocuments } from '../../host/objects/parse.js';
import { readNode } from '../../host/objects/node.js';
import { readService } from '../../host/objects/service.js';
import { expectCause, statusOf } from './helpers.js';

const OBJECT_NAMES = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__', 'isPrototypeOf'];

describe('feature gates named like Object members', () => {
  for (const name of OBJECT_NAMES) {
    it(`featureGates.${name} is an unsupported gate`, () => {
      // JSON.parse makes `__proto__` an own key, as a request body does.
      const overrides = JSON.parse(`{${JSON.stringify(name)}: true}`) as unknown;
      const status = statusOf(() => resolveEra('1.35', overrides));
      expect(status.details?.causes).toEqual([
        expect.objectContaining({ field: `featureGates.${name}`, reason: 'FieldValueNotSupported' }),
      ]);
      expect(status.message).toContain('not a feature gate tpe models');
      expect(status.message).not.toContain('native code');
    });
  }

  it('a known gate still resolves', () => {
    expect(resolveEra('1.33', { PreferSameTrafficDistribution: true }).gates.PreferSameTrafficDistribution).toBe(true);
  });
});

const ctx = {
  minor: 35,
  gates: { ServiceInternalTrafficPolicy: true, ServiceTrafficDistribution: true, PreferSameTrafficDistribution: true },
};

describe('label, selector and annotation keys named like Object members', () => {
  for (const format of ['yaml', 'json'] as const) {
    it(`a __proto__ selector key is refused like any invalid label key (${format})`, () => {
      const text =
        format === 'yaml'
          ? 'apiVersion: v1\nkind: Service\nmetadata: {name: cart, namespace: shop}\nspec:\n  selector: {__proto__: cart}\n  ports: [{port: 80}]\n'
          : '{"apiVersion":"v1","kind":"Service","metadata":{"name":"cart","namespace":"shop"},"spec":{"selector":{"__proto__":"cart"},"ports":[{"port":80}]}}';
      const raw = parseDocuments(text, format)[0];
      expectCause(() => readService(raw, ctx), 'spec.selector', 'FieldValueInvalid', 'name part must consist of');
    });
  }

  it('a __proto__ node label is refused, as `_x` is', () => {
    for (const key of ['__proto__', '_x']) {
      const raw = parseDocuments(`apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n  labels: {${key}: a}\n`, 'yaml')[0];
      const cause = expectCause(() => readNode(raw), 'metadata.labels', 'FieldValueInvalid');
      expect(cause.message).toContain(`Invalid value: "${key}"`);
    }
  });

  it('a __proto__ annotation key is refused (ValidateAnnotations: qualified names, case aside)', () => {
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: cart\n  namespace: shop\n  annotations: {__proto__: x}\nspec: {ports: [{port: 80}]}\n';
    expectCause(() => readService(parseDocuments(text, 'yaml')[0], ctx), 'metadata.annotations', 'FieldValueInvalid');
  });

  it('`constructor` and `toString` are valid label keys and are read as data', () => {
    const text = 'apiVersion: v1\nkind: Node\nmetadata:\n  name: node-a\n  labels: {constructor: a, toString: b, example.com/Key: c}\n';
    const { node } = readNode(parseDocuments(text, 'yaml')[0]);
    expect(Object.entries(node.labels)).toEqual([
      ['constructor', 'a'],
      ['toString', 'b'],
      ['example.com/Key', 'c'],
    ]);
  });

  it('a Service without a `hasOwnProperty` label does not select one by the prototype', () => {
    const { node } = readNode(parseDocuments('apiVersion: v1\nkind: Node\nmetadata: {name: node-a}\n', 'yaml')[0]);
    expect(node.labels.hasOwnProperty).toBeUndefined();
  });
});
