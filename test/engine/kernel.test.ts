// The WASM kernel as a host component: loading from every source kind, the memory cap, and that a
// trap leaves no broken instance behind.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { Kernel } from '../../host/engine/kernel.js';
import { encodePort, decidePort, type PortInput, type NodeQuery } from '../../host/engine/encode.js';
import { Decoder } from '../../host/engine/decode.js';
import { GATES, resolveEra } from '../../host/engine/eras.js';
import { ABI_NAMES, readAbi } from '../../host/engine/abi.js';
import type { ProxyEndpoint } from '../../host/engine/endpoints.js';
import { StatusError } from '../../host/objects/status.js';

const wasm = await readFile(new URL('../../build/tpe.wasm', import.meta.url));

function endpoint(ip: string, nodeName: string, zoneHints: string[] = []): ProxyEndpoint {
  return {
    key: `${ip}:80`,
    ip,
    port: 80,
    ready: true,
    serving: true,
    terminating: false,
    nodeName,
    zone: null,
    zoneHints,
    nodeHints: [],
    targetPod: null,
    slice: 's',
  };
}

const itpLocal = { itpLocal: true, etpLocal: false, externallyAccessible: false };

const decideEncoded = (kernel: Kernel, input: PortInput, nodes: NodeQuery[]) => decidePort(kernel, encodePort(kernel.abi, input), nodes);

function decideOn(kernel: Kernel, endpoints: ProxyEndpoint[], nodes: { name: string; zone: string }[]) {
  const views = decideEncoded(kernel, { era: resolveEra('1.35', {}), facts: itpLocal, annotations: {}, endpoints }, nodes);
  const decoder = new Decoder(kernel.abi, views, endpoints);
  return nodes.map((_, j) => decoder.answer(j));
}

describe('kernel loading', () => {
  it('loads from bytes, a compiled Module and a Response, with the same answers', async () => {
    const eps = [endpoint('10.0.0.1', 'a'), endpoint('10.0.0.2', 'b')];
    const fromBytes = await Kernel.load(wasm);
    const fromModule = Kernel.fromModule(await WebAssembly.compile(wasm));
    const fromResponse = await Kernel.load(new Response(wasm, { headers: { 'content-type': 'application/wasm' } }));
    for (const kernel of [fromBytes, fromModule, fromResponse]) {
      expect(decideOn(kernel, eps, [{ name: 'a', zone: '' }])[0]!.localEndpoints).toEqual(['10.0.0.1:80']);
    }
  });

  it('refuses a failed HTTP response with its status', async () => {
    await expect(Kernel.load(new Response('nope', { status: 404, statusText: 'Not Found' }))).rejects.toThrow(/HTTP 404/);
  });
});

describe('memory cap', () => {
  it('answers a decision that does not fit with a 413 Status naming the cap, and keeps working', async () => {
    const kernel = await Kernel.load(wasm, { maxMemoryMiB: 1 });
    const many = Array.from({ length: 40_000 }, (_, i) => endpoint(`10.${i >> 16}.${(i >> 8) & 255}.${i & 255}`, `n${i % 50}`));
    let error: unknown;
    try {
      decideOn(kernel, many, [{ name: 'n1', zone: '' }]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StatusError);
    expect((error as StatusError).status).toMatchObject({ code: 413, reason: 'RequestEntityTooLarge' });
    expect((error as StatusError).status.message).toMatch(/cap is 1\.0 MiB/);
    expect(decideOn(kernel, [endpoint('10.0.0.9', 'x')], [{ name: 'x', zone: '' }])[0]!.localEndpoints).toEqual(['10.0.0.9:80']);
  });
});

describe('traps', () => {
  it('resets the instance after a trap so the next decision is correct', async () => {
    const kernel = await Kernel.load(wasm);
    const eps = [endpoint('10.0.0.1', 'a'), endpoint('10.0.0.2', 'b')];
    expect(decideOn(kernel, eps, [{ name: 'b', zone: '' }])[0]!.localEndpoints).toEqual(['10.0.0.2:80']);
    // Corrupt the layout while the inputs are written: the endpoint array now points far outside linear memory.
    const size = { endpoints: 2, zoneHints: 0, nodeHints: 0, zoneLimit: 1, nodeLimit: 3, nodes: 1 };
    expect(() => kernel.decide(size, undefined, (views) => void (views.params[kernel.abi.P_EP_COND] = 0xfffffff0))).toThrow(StatusError);
    expect(
      decideOn(kernel, eps, [
        { name: 'a', zone: '' },
        { name: 'b', zone: '' },
      ]).map((r) => r.localEndpoints),
    ).toEqual([['10.0.0.1:80'], ['10.0.0.2:80']]);
  });
});

describe('tables across decisions', () => {
  it('never lets one Service port see another one’s per-node or per-zone rows', async () => {
    const kernel = await Kernel.load(wasm);
    const first = [endpoint('10.0.0.1', 'a'), endpoint('10.0.0.2', 'a')];
    const second = [endpoint('10.0.1.1', 'b')];
    expect(decideOn(kernel, first, [{ name: 'a', zone: '' }])[0]!.localEndpoints).toEqual(['10.0.0.1:80', '10.0.0.2:80']);
    // Node "b" gets the id "a" had in the first decision, and "a" (no endpoint names it now) an id
    // past the tables: neither may read the first decision's rows.
    const answers = decideOn(kernel, second, [
      { name: 'a', zone: '' },
      { name: 'b', zone: '' },
    ]);
    expect(answers.map((r) => r.localEndpoints)).toEqual([[], ['10.0.1.1:80']]);
    expect(answers[0]!.internal.verdict).toBe('drop');
  });
});

describe('pool bounds', () => {
  it('stays within 4N + zone hints + node hints even when earlier decisions left rows behind', async () => {
    const kernel = await Kernel.load(wasm);
    const era = resolveEra('1.35', {});
    const facts = { itpLocal: false, etpLocal: true, externallyAccessible: true };
    const hinted = (ip: string, node: string, ready: boolean): ProxyEndpoint => ({
      ...endpoint(ip, node, ['z1']),
      ready,
      nodeHints: ['n1', 'n2', 'n3'],
    });
    const nodes = [
      { name: 'n1', zone: 'z1' },
      { name: 'n2', zone: 'z1' },
      { name: 'n3', zone: 'z2' },
    ];
    const first = Array.from({ length: 30 }, (_, i) => hinted(`10.0.0.${i}`, `n${1 + (i % 3)}`, true));
    const second = Array.from({ length: 3 }, (_, i) => hinted(`10.0.1.${i}`, 'n9', false));
    for (const endpoints of [first, second, first.slice(0, 2)]) {
      const views = decideEncoded(kernel, { era, facts, annotations: {}, endpoints }, nodes);
      expect(views.params[kernel.abi.P_POOL_USED]).toBeLessThanOrEqual(views.pool.length);
    }
  });
});

describe('the ABI', () => {
  it('names every constant the module exports, and the module exports every name the host reads', async () => {
    const module = await WebAssembly.compile(wasm);
    const globals = WebAssembly.Module.exports(module)
      .filter((e) => e.kind === 'global')
      .map((e) => e.name);
    expect([...ABI_NAMES].sort()).toEqual(globals.sort());
  });

  it('refuses a module that lacks a constant the host reads', () => {
    expect(() => readAbi({ PARAMS_PTR: new WebAssembly.Global({ value: 'i32' }, 1024) })).toThrow(/does not export PARAM_SLOTS, P_MINOR/);
  });

  it('maps every feature gate to a distinct engine bit', async () => {
    const kernel = await Kernel.load(wasm);
    const bits = Object.values(GATES).map((gate) => kernel.abi[gate.bit]);
    expect(new Set(bits).size).toBe(bits.length);
    expect(bits.every((bit) => bit > 0 && (bit & (bit - 1)) === 0)).toBe(true);
  });
});
