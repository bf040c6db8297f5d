// An in-process double of the Kubernetes API server, on 127.0.0.1 over TLS (the checked-in test
// certificate, test/fixtures/kube/README.md), speaking the wire protocol @kubernetes/client-node
// uses:
//
// - `GET /api/v1/nodes?limit=&continue=` (and services, pods, `/apis/discovery.k8s.io/v1/endpointslices`,
//   `/apis/apps/v1/deployments`, `daemonsets`): a List with `metadata.resourceVersion` and, when
//   there are more, `metadata.continue`;
// - `?watch=true|1&resourceVersion=N`: a chunked stream of JSON lines `{"type","object"}`, ADDED /
//   MODIFIED / DELETED from the history after N, then live; BOOKMARK on demand; a too-old N (below
//   what was compacted) gets the real server's answer, one ERROR event with a 410 Expired Status,
//   then the end of the stream; a list with an expired continue token is a 410 too;
// - `Authorization: Bearer TOKEN` or a 401 Status;
// - faults on demand: failing responses (any status), slow responses, watches cut mid-stream, the
//   whole server gone (connections refused) and back on the same port.
//
// One resourceVersion counter for every kind, as etcd's revision is. Pages of a list are cut from
// the objects as they are when each page is asked for (the real server serves them from one
// consistent snapshot; the tests do not change objects between pages).
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const TEST_CA = readFileSync(new URL('../fixtures/kube/apiserver.crt', import.meta.url), 'utf8');
const TEST_KEY = readFileSync(new URL('../fixtures/kube/apiserver.key', import.meta.url), 'utf8');

interface Resource {
  path: string;
  apiVersion: string;
  kind: string;
  namespaced: boolean;
}

export const RESOURCES: readonly Resource[] = [
  { path: '/api/v1/nodes', apiVersion: 'v1', kind: 'Node', namespaced: false },
  { path: '/api/v1/services', apiVersion: 'v1', kind: 'Service', namespaced: true },
  { path: '/apis/discovery.k8s.io/v1/endpointslices', apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', namespaced: true },
  { path: '/api/v1/pods', apiVersion: 'v1', kind: 'Pod', namespaced: true },
  { path: '/apis/apps/v1/deployments', apiVersion: 'apps/v1', kind: 'Deployment', namespaced: true },
  { path: '/apis/apps/v1/daemonsets', apiVersion: 'apps/v1', kind: 'DaemonSet', namespaced: true },
];

type EventType = 'ADDED' | 'MODIFIED' | 'DELETED';
interface HistoryEvent {
  rv: number;
  type: EventType;
  object: Obj;
}
type Obj = { metadata: { name: string; namespace?: string; resourceVersion?: string } & Record<string, unknown> } & Record<string, unknown>;

interface Watcher {
  kind: string;
  res: ServerResponse;
}

/** A request as the double saw it (for asserting what the client asked, and how often). */
export interface SeenRequest {
  path: string;
  query: Record<string, string>;
  watch: boolean;
  authorized: boolean;
  at: number;
}

export interface Fault {
  /** The HTTP status to answer with (500, 503, 429 …). */
  status: number;
  /** How many matching requests get it. */
  times: number;
  /** Only requests for this kind (default any). */
  kind?: string;
  /** Only lists, or only watches (default both). */
  on?: 'list' | 'watch';
}

export class ApiServerDouble {
  readonly token: string;
  readonly requests: SeenRequest[] = [];
  /** Milliseconds every list waits before answering (a slow server). */
  listDelayMs = 0;
  /** Items per page when the client asks for no smaller limit. */
  maxPageSize = 500;
  readonly #objects = new Map<string, Map<string, Obj>>();
  readonly #history = new Map<string, HistoryEvent[]>();
  /** Below this resourceVersion a watch is 410 Gone (the history before it was compacted). */
  readonly #compactedBelow = new Map<string, number>();
  readonly #watchers = new Set<Watcher>();
  readonly #sockets = new Set<Socket>();
  #faults: Fault[] = [];
  /** The objects of a kind in key order, as of a resourceVersion: the pages of one list are cut from it. */
  readonly #sorted = new Map<string, { rv: number; objects: Obj[] }>();
  #rv = 1000;
  #server: Server | undefined;
  #port = 0;

  constructor(token = 'test-token-0123456789') {
    this.token = token;
    for (const r of RESOURCES) {
      this.#objects.set(r.kind, new Map());
      this.#history.set(r.kind, []);
      this.#compactedBelow.set(r.kind, 0);
    }
  }

  get url(): string {
    return `https://127.0.0.1:${this.#port}`;
  }

  get resourceVersion(): number {
    return this.#rv;
  }

  /** Open watch streams, per kind. */
  watching(kind: string): number {
    return [...this.#watchers].filter((w) => w.kind === kind).length;
  }

  async start(): Promise<this> {
    const server = createServer({ key: TEST_KEY, cert: TEST_CA }, (req, res) => this.#handle(req, res));
    server.on('connection', (s: Socket) => {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    });
    // Reuses the port when started again, so the client's kubeconfig still points here.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as { port: number }).port;
    this.#server = server;
    return this;
  }

  /** The server goes away: every connection is cut and new ones are refused until start(). */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    this.#watchers.clear();
    for (const s of this.#sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Adds or replaces an object (ADDED or MODIFIED to watchers), giving it the next resourceVersion. */
  put(object: Record<string, unknown>): Obj {
    const obj = structuredClone(object) as Obj;
    const kind = String(obj.kind);
    const held = this.#kindObjects(kind);
    const key = keyOf(obj);
    obj.metadata.resourceVersion = String(++this.#rv);
    const type: EventType = held.has(key) ? 'MODIFIED' : 'ADDED';
    held.set(key, obj);
    this.#record(kind, { rv: this.#rv, type, object: obj });
    return obj;
  }

  /** The objects of `kind` as the server holds them now. */
  objects(kind: string): Obj[] {
    return [...this.#kindObjects(kind).values()].map((o) => structuredClone(o));
  }

  /**
   * Deletes an object (DELETED, with its last state, to watchers). `quiet`: no watcher hears of it,
   * as with an event lost to compaction while the client was away (only a relist finds it gone).
   */
  remove(kind: string, namespace: string | undefined, name: string, options: { quiet?: boolean } = {}): void {
    const held = this.#kindObjects(kind);
    const key = namespace ? `${namespace}/${name}` : name;
    const obj = held.get(key);
    if (!obj) throw new Error(`no ${kind} ${key}`);
    held.delete(key);
    const gone = structuredClone(obj);
    gone.metadata.resourceVersion = String(++this.#rv);
    if (!options.quiet) this.#record(kind, { rv: this.#rv, type: 'DELETED', object: gone });
  }

  /** Sends a BOOKMARK (only a resourceVersion) to every watcher of `kind`. */
  bookmark(kind: string): void {
    const r = resource(kind);
    for (const w of this.#watchers)
      if (w.kind === kind)
        send(w.res, 'BOOKMARK', { kind: r.kind, apiVersion: r.apiVersion, metadata: { resourceVersion: String(this.#rv) } });
  }

  /**
   * Forgets the history of `kind` up to now, as etcd compaction does: a watch from an older
   * resourceVersion is then 410 Gone. Open watches of the kind get the ERROR event and are closed,
   * as when the server's watch cache falls too far behind.
   */
  expire(kind: string): void {
    this.#compactedBelow.set(kind, this.#rv + 1);
    this.#history.set(kind, []);
    for (const w of [...this.#watchers]) {
      if (w.kind !== kind) continue;
      send(w.res, 'ERROR', gone(`too old resource version (compacted up to ${this.#rv})`));
      this.#watchers.delete(w);
      w.res.end();
    }
  }

  /** Cuts every open watch (of `kind`, or all) mid-stream: the TCP connection is destroyed, no end of stream. */
  cutWatches(kind?: string): void {
    for (const w of [...this.#watchers]) {
      if (kind !== undefined && w.kind !== kind) continue;
      this.#watchers.delete(w);
      w.res.socket?.destroy();
    }
  }

  /** The next matching requests fail with `status` and a Status body. */
  fail(fault: Fault): void {
    this.#faults.push({ ...fault });
  }

  /** A kubeconfig for this server in a fresh temp dir; its path. */
  writeKubeconfig(options: { token?: string; ca?: boolean; insecure?: boolean; context?: string } = {}): string {
    const dir = mkdtempSync(join(tmpdir(), 'tpe-kube-'));
    const path = join(dir, 'kubeconfig');
    const context = options.context ?? 'double';
    const cluster: Record<string, unknown> = { server: this.url };
    if (options.ca ?? true) cluster['certificate-authority-data'] = Buffer.from(TEST_CA).toString('base64');
    if (options.insecure) cluster['insecure-skip-tls-verify'] = true;
    const config = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'double', cluster }],
      users: [{ name: 'tester', user: { token: options.token ?? this.token } }],
      contexts: [{ name: context, context: { cluster: 'double', user: 'tester' } }],
      'current-context': context,
    };
    writeFileSync(path, JSON.stringify(config, null, 2));
    return path;
  }

  #kindObjects(kind: string): Map<string, Obj> {
    const held = this.#objects.get(kind);
    if (!held) throw new Error(`the double serves no ${kind}`);
    return held;
  }

  #record(kind: string, event: HistoryEvent): void {
    this.#history.get(kind)!.push(event);
    for (const w of this.#watchers) if (w.kind === kind) send(w.res, event.type, event.object);
  }

  async #handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const query = Object.fromEntries(url.searchParams);
    const watch = query.watch === 'true' || query.watch === '1';
    const authorized = req.headers.authorization === `Bearer ${this.token}`;
    this.requests.push({ path: url.pathname, query, watch, authorized, at: Date.now() });
    if (!authorized) return status(res, 401, 'Unauthorized', 'Unauthorized');
    const scoped = /^(\/apis?\/.+?)\/namespaces\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const r = RESOURCES.find((x) => x.path === (scoped ? `${scoped[1]}/${scoped[3]}` : url.pathname));
    const namespace = scoped ? decodeURIComponent(scoped[2]!) : undefined;
    if (!r || req.method !== 'GET') return status(res, 404, 'NotFound', `the server could not find the requested resource`);
    const fault = this.#faults.find(
      (f) => (f.kind === undefined || f.kind === r.kind) && (f.on === undefined || (f.on === 'watch') === watch),
    );
    if (fault) {
      fault.times -= 1;
      if (fault.times <= 0) this.#faults = this.#faults.filter((f) => f !== fault);
      return status(res, fault.status, fault.status === 429 ? 'TooManyRequests' : 'InternalError', `injected fault ${fault.status}`);
    }
    if (watch) return this.#watch(r, query, res);
    if (this.listDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.listDelayMs));
    return this.#list(r, query, res, namespace);
  }

  #list(r: Resource, query: Record<string, string>, res: ServerResponse, namespace?: string): void {
    let sorted = this.#sorted.get(r.kind);
    if (sorted?.rv !== this.#rv) {
      sorted = { rv: this.#rv, objects: [...this.#kindObjects(r.kind)].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, o]) => o) };
      this.#sorted.set(r.kind, sorted);
    }
    const all = sorted.objects.filter((o) => namespace === undefined || o.metadata.namespace === namespace);
    let start = 0;
    let rv = this.#rv;
    if (query.continue) {
      const token = JSON.parse(Buffer.from(query.continue, 'base64url').toString()) as { rv: number; start: number };
      if (token.rv < this.#compactedBelow.get(r.kind)!)
        return status(res, 410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.');
      start = token.start;
      rv = token.rv;
    }
    const limit = query.limit ? Math.min(Number(query.limit), this.maxPageSize) : this.maxPageSize;
    const items = all.slice(start, start + limit);
    const more = start + limit < all.length;
    const body = {
      kind: `${r.kind}List`,
      apiVersion: r.apiVersion,
      metadata: {
        resourceVersion: String(rv),
        ...(more ? { continue: Buffer.from(JSON.stringify({ rv, start: start + limit })).toString('base64url') } : {}),
      },
      items: items.map((o) => ({ ...o, kind: undefined, apiVersion: undefined })),
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }

  #watch(r: Resource, query: Record<string, string>, res: ServerResponse): void {
    res.writeHead(200, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    const from = query.resourceVersion ? Number(query.resourceVersion) : NaN;
    if (Number.isNaN(from) || from === 0) {
      // No resourceVersion: the current state as ADDED events, then live.
      for (const o of this.#kindObjects(r.kind).values()) send(res, 'ADDED', o);
    } else if (from < this.#compactedBelow.get(r.kind)! - 1) {
      send(res, 'ERROR', gone(`too old resource version: ${from} (${this.#compactedBelow.get(r.kind)! - 1})`));
      res.end();
      return;
    } else {
      for (const e of this.#history.get(r.kind)!) if (e.rv > from) send(res, e.type, e.object);
    }
    const watcher = { kind: r.kind, res };
    this.#watchers.add(watcher);
    res.on('close', () => this.#watchers.delete(watcher));
  }
}

function resource(kind: string): Resource {
  const r = RESOURCES.find((x) => x.kind === kind);
  if (!r) throw new Error(`the double serves no ${kind}`);
  return r;
}

function keyOf(o: Obj): string {
  return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
}

function send(res: ServerResponse, type: string, object: unknown): void {
  res.write(`${JSON.stringify({ type, object })}\n`);
}

function gone(message: string) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Expired', code: 410 };
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}
