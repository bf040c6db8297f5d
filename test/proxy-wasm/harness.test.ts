// The harness is a faithful proxy-wasm host: it runs a third-party filter built from
// @gcoredev/proxy-wasm-sdk-as as that SDK documents, and refuses what Envoy's C++ host refuses.
import { beforeAll, describe, expect, it } from 'vitest';
import { ProxyWasmHost, deserializeMap, serializeMap } from './host.js';
import { buildSdkFilter } from './sdk-filter.js';

describe('a filter built with @gcoredev/proxy-wasm-sdk-as', () => {
  let wasm: Uint8Array;
  beforeAll(async () => {
    wasm = await buildSdkFilter();
  });

  it('adds hello: world! to the response headers with an empty configuration (its README)', async () => {
    const host = await ProxyWasmHost.load(wasm, { pluginConfiguration: '' });
    expect(host.start()).toBe(true);
    const answer = host.request([[':authority', 'example.com']], { responseHeaders: [[':status', '200']] });
    expect(answer.responseHeaders).toEqual([
      [':status', '200'],
      ['hello', 'world!'],
    ]);
    expect(answer.requestHeaders).toEqual([[':authority', 'example.com']]);
    expect(host.failed).toBeNull();
  });

  it('adds hello: <configuration> otherwise, on every stream', async () => {
    const host = await ProxyWasmHost.load(wasm, { pluginConfiguration: 'from tpe' });
    expect(host.start()).toBe(true);
    for (let i = 0; i < 3; i++) {
      const answer = host.request([[':authority', 'example.com']], { responseHeaders: [[':status', '204']] });
      expect(answer.responseHeaders).toEqual([
        [':status', '204'],
        ['hello', 'from tpe'],
      ]);
    }
  });
});

/** A module importing env.<name> (type () → ()) and exporting nothing else. */
function moduleImporting(name: string): Uint8Array {
  const utf8 = new TextEncoder();
  const mod = utf8.encode('env');
  const fn = utf8.encode(name);
  const imports = [1, mod.length, ...mod, fn.length, ...fn, 0, 0];
  return Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 4, 1, 0x60, 0, 0, 2, imports.length, ...imports]);
}

describe('refusals, as Envoy C++ host', () => {
  it('refuses a module importing a function it does not provide', async () => {
    await expect(ProxyWasmHost.load(moduleImporting('proxy_no_such_function'))).rejects.toThrow(
      'Failed to load Wasm module due to a missing import: env.proxy_no_such_function',
    );
  });

  it('refuses a module without the ABI marker, and one without malloc', async () => {
    await expect(ProxyWasmHost.load(moduleImporting('proxy_log'))).rejects.toThrow(/ABI version marker/);
  });
});

it('serializes header maps as the spec does', () => {
  // The spec's own example: {{"a": "1"}, {"b": "22"}}.
  const bytes = serializeMap([
    ['a', '1'],
    ['b', '22'],
  ]);
  expect([...bytes]).toEqual([2, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0x61, 0, 0x31, 0, 0x62, 0, 0x32, 0x32, 0]);
  expect(deserializeMap(bytes)).toEqual([
    ['a', '1'],
    ['b', '22'],
  ]);
});
