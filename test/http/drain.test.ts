// Shutdown drains: a large response read slowly by its client is written whole after close() (what
// SIGTERM calls), its access line is logged, and only then does close() resolve.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { serve } from '../../surfaces/node/serve.js';

const dir = mkdtempSync(join(tmpdir(), 'tpe-drain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 200 nodes and 60 Services of 10 endpoints: a batch answer of every Service port × node is megabytes. */
function bigCluster(): string {
  const zone = (n: number) => `zone-${n % 3}`;
  const items: unknown[] = [];
  for (let n = 0; n < 200; n++)
    items.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `node-${n}`, labels: { 'topology.kubernetes.io/zone': zone(n) } } });
  for (let s = 0; s < 60; s++) {
    items.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `svc-${s}`, namespace: 'shop' },
      spec: { clusterIP: `10.96.0.${s + 1}`, selector: { app: `svc-${s}` }, ports: [{ name: 'http', port: 80 }] },
    });
    items.push({
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: `svc-${s}-a`, namespace: 'shop', labels: { 'kubernetes.io/service-name': `svc-${s}` } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080 }],
      endpoints: Array.from({ length: 10 }, (_, e) => ({
        addresses: [`10.1.${s}.${e + 1}`],
        conditions: { ready: true },
        nodeName: `node-${(s * 10 + e) % 200}`,
        zone: zone((s * 10 + e) % 200),
      })),
    });
  }
  const file = join(dir, 'cluster.json');
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  return file;
}

describe('shutdown drains in-flight responses', () => {
  it('a slow reader gets every byte of a large batch answer after close(), and its access line is logged', async () => {
    const lines: string[] = [];
    const server = await serve({
      port: 0,
      host: '127.0.0.1',
      engine: await loadEngine(),
      cluster: bigCluster(),
      handleSignals: false,
      log: () => undefined,
      accessLog: (line) => lines.push(line),
      watchDebounceMs: 10_000,
    });
    const socket = connect(server.port, '127.0.0.1');
    socket.write('POST /v1/batch HTTP/1.1\r\nHost: tpe\r\nContent-Length: 0\r\n\r\n');
    const chunks: Buffer[] = [];
    let closing: Promise<void> | undefined;
    let closedBeforeEnd = false;
    const ended = new Promise<void>((resolve, reject) => {
      socket.on('error', reject);
      socket.on('data', (chunk: Buffer) => {
        chunks.push(chunk);
        // The first bytes are in: shut down now, while the rest is still to be written.
        closing ??= server.close().then(() => void (closedBeforeEnd = !socket.readableEnded));
        // A slow reader: about 64 KiB per 5 ms, so the answer takes most of a second to read.
        socket.pause();
        setTimeout(() => socket.resume(), 5);
      });
      socket.on('end', resolve);
    });
    await ended;
    await closing;
    const response = Buffer.concat(chunks);
    const headerEnd = response.indexOf('\r\n\r\n');
    const head = response.subarray(0, headerEnd).toString();
    const body = response.subarray(headerEnd + 4);
    expect(head).toMatch(/^HTTP\/1\.1 200 /);
    const length = Number(/content-length: (\d+)/i.exec(head)![1]);
    expect(length).toBeGreaterThan(4 * 1024 * 1024);
    expect(body.length).toBe(length);
    expect(JSON.parse(body.toString())).toMatchObject({ summary: { decisions: 12_000 } });
    expect(closedBeforeEnd).toBe(false);
    const logged = lines.map((l) => JSON.parse(l) as { path: string; status: number; bytesOut: number });
    expect(logged).toEqual([expect.objectContaining({ path: '/v1/batch', status: 200, bytesOut: response.length })]);
  });

  it('a reader that never reads is cut at the drain timeout, and close() resolves', async () => {
    const server = await serve({
      port: 0,
      host: '127.0.0.1',
      engine: await loadEngine(),
      cluster: bigCluster(),
      handleSignals: false,
      log: () => undefined,
      accessLog: false,
      watchDebounceMs: 10_000,
      shutdownTimeoutMs: 300,
    });
    const socket = connect(server.port, '127.0.0.1');
    socket.write('POST /v1/batch HTTP/1.1\r\nHost: tpe\r\nContent-Length: 0\r\n\r\n');
    let received = 0;
    let expected = Infinity;
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => undefined);
    await new Promise<void>((resolve) =>
      socket.once('data', (chunk: Buffer) => {
        received += chunk.length;
        const head = chunk.toString('latin1');
        expected = head.indexOf('\r\n\r\n') + 4 + Number(/content-length: (\d+)/i.exec(head)![1]);
        socket.pause();
        resolve();
      }),
    );
    const outcome = await Promise.race([
      server.close().then(() => 'closed'),
      new Promise((resolve) => setTimeout(() => resolve('still open after 10 s'), 10_000).unref()),
    ]);
    expect(outcome).toBe('closed');
    // What the kernel buffered arrives; the rest of the answer never does.
    socket.resume();
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    await closed;
    expect(expected).toBeGreaterThan(4 * 1024 * 1024);
    expect(received).toBeLessThan(expected);
  });
});
