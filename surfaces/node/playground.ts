// The browser playground's static files (dist/playground/, written by `npm run build:playground`),
// served by the Node server at `/` in front of the decision service: a GET or HEAD for one of those
// files is answered here, everything else goes to the app unchanged (its routes and /openapi.json
// know nothing of the page). The files are read and gzipped once, at start.
import { readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

interface StaticFile {
  type: string;
  body: Buffer;
  gzipped: Buffer;
}

export type Fetch<E> = (request: Request, env: E) => Response | Promise<Response>;

/** dist/playground next to the compiled server (dist/surfaces/node) or the sources (surfaces/node); null when not built. */
export function findPlayground(): string | null {
  for (const up of ['../../playground/', '../../dist/playground/']) {
    const dir = new URL(up, import.meta.url);
    try {
      if (readdirSync(dir).includes('index.html')) return dir.pathname;
    } catch {
      // Not at this level; try the next one.
    }
  }
  return null;
}

function readFiles(dir: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[name.slice(name.lastIndexOf('.'))];
    if (!type) continue;
    const body = readFileSync(`${dir}/${name}`);
    files.set(`/${name}`, { type, body, gzipped: gzipSync(body, { level: 9 }) });
  }
  const index = files.get('/index.html');
  if (index) files.set('/', index);
  return files;
}

/** `fetch` with the playground's files answered first. */
export function withPlayground<E>(fetch: Fetch<E>, dir: string): Fetch<E> {
  const files = readFiles(dir);
  return (request, env) => {
    const file = request.method === 'GET' || request.method === 'HEAD' ? files.get(new URL(request.url).pathname) : undefined;
    if (!file) return fetch(request, env);
    const gzip = /\bgzip\b/.test(request.headers.get('accept-encoding') ?? '');
    const body = gzip ? file.gzipped : file.body;
    const headers: Record<string, string> = {
      'content-type': file.type,
      'content-length': String(body.byteLength),
      'cache-control': 'no-cache',
      vary: 'accept-encoding',
    };
    if (gzip) headers['content-encoding'] = 'gzip';
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), { headers });
  };
}
