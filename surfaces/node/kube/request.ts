// One GET to the API server with the kubeconfig's credentials (bearer token, client certificate,
// credential plugin, CA — all applied by @kubernetes/client-node), and the paged list tpe's
// informers start from. Errors name the API server, the resource and what it answered; a
// credential never appears in them.
import { request as httpsRequest } from 'node:https';
import { request as httpRequest, type Agent } from 'node:http';
import type { KubeConfig } from '@kubernetes/client-node';

/** A failed request: `statusCode` is the HTTP status (undefined when no answer came), what the informer's relist logic reads. */
export class KubeRequestError extends Error {
  constructor(
    message: string,
    readonly statusCode: number | undefined,
  ) {
    super(message);
    this.name = 'KubeRequestError';
  }
}

/** Items a list asks for per page: small enough to keep each answer short on a big cluster. */
export const LIST_PAGE_SIZE = 500;
/** A list request that takes longer than this fails (and is retried): the API server is not answering. */
const REQUEST_TIMEOUT_MS = 60_000;

/** The credentials and TLS agent of one request, or of the pages of one list (which then share connections). */
type RequestOptions = Awaited<ReturnType<KubeConfig['applyToFetchOptions']>>;

export async function getJson(
  config: KubeConfig,
  path: string,
  query: Record<string, string>,
  prepared?: RequestOptions,
): Promise<unknown> {
  const server = config.getCurrentCluster()!.server;
  const url = new URL(server.replace(/\/$/, '') + path);
  for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
  const what = `GET ${path} on ${server}`;
  // Each call makes a new TLS agent (no connection reuse): credentials are applied afresh, as a
  // rotating token or a credential plugin needs, once per list rather than once per page.
  const options = prepared ?? (await config.applyToFetchOptions({}));
  const headers: Record<string, string> = { accept: 'application/json' };
  new Headers(options.headers as HeadersInit | undefined).forEach((value, key) => (headers[key] = value));
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const req = send(url, { method: 'GET', headers, agent: options.agent as Agent | undefined, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (e) => reject(new KubeRequestError(`${what} failed: ${e.message}`, undefined)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          reject(
            new KubeRequestError(
              `${what} answered ${res.statusCode} ${serverMessage(text) ?? res.statusMessage ?? ''}`.trim(),
              res.statusCode,
            ),
          );
          return;
        }
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new KubeRequestError(`${what} answered something that is not JSON`, res.statusCode));
        }
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.on('error', (e: NodeJS.ErrnoException) => reject(new KubeRequestError(`${what} failed: ${describeError(e)}`, undefined)));
    req.end();
  });
}

export interface ListResult {
  items: Record<string, unknown>[];
  resourceVersion: string;
}

/**
 * Every item of a resource, `limit` at a time following `continue`; each item gets the `kind` and
 * `apiVersion` the API server leaves out of list items (so a dump of them reads back). `onPage`
 * reports progress.
 */
export async function listAll(
  config: KubeConfig,
  path: string,
  kind: string,
  onPage?: (items: number) => void,
  query: Record<string, string> = {},
): Promise<ListResult> {
  const items: Record<string, unknown>[] = [];
  let token: string | undefined;
  let resourceVersion = '';
  const prepared = await config.applyToFetchOptions({});
  do {
    const page = (await getJson(
      config,
      path,
      { ...query, limit: String(LIST_PAGE_SIZE), ...(token ? { continue: token } : {}) },
      prepared,
    )) as {
      apiVersion?: string;
      metadata?: { resourceVersion?: string; continue?: string };
      items?: Record<string, unknown>[];
    };
    const apiVersion = page.apiVersion ?? 'v1';
    for (const item of page.items ?? []) items.push({ apiVersion, kind, ...item });
    resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
    token = page.metadata?.continue || undefined;
    onPage?.(items.length);
  } while (token);
  return { items, resourceVersion };
}

/** A network error in words, without the request options (which hold the credentials). */
export function describeError(e: NodeJS.ErrnoException): string {
  if (e.code === 'ECONNREFUSED') return 'connection refused (is the API server up?)';
  if (e.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || e.code === 'SELF_SIGNED_CERT_IN_CHAIN' || e.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE')
    return `the API server's TLS certificate is not trusted (${e.code}): give its CA in the kubeconfig (certificate-authority-data)`;
  return e.code ? `${e.message} (${e.code})` : e.message;
}

function serverMessage(text: string): string | undefined {
  try {
    const status = JSON.parse(text) as { kind?: string; message?: string };
    return status.kind === 'Status' && typeof status.message === 'string' ? status.message : undefined;
  } catch {
    return undefined;
  }
}
