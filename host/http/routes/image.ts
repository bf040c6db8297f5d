// GET /v1/nodes/{node}/image: the Envoy filter's cluster image for a node (host/cluster/image.ts),
// compiled from the snapshot in use, with a strong ETag of its bytes. The filter polls this route
// with If-None-Match and gets 304 while its image is current. Images are compiled once per snapshot,
// node and mode, and dropped with the snapshot.
import { createRoute, z } from '@hono/zod-openapi';
import { compileImage } from '../../cluster/image.js';
import type { LoadedSnapshot } from '../../cluster/store.js';
import { documentedRoute, statusResponses } from '../openapi.js';
import { parseWith } from '../validation.js';
import type { App, RouteContext } from './context.js';

const NodeParamsSchema = z.object({
  node: z.string().openapi({ param: { name: 'node', in: 'path' }, example: 'node-a1' }),
});

const ImageQuerySchema = z.strictObject({
  mode: z.enum(['internal', 'external']).optional().openapi({
    description:
      'internal (default): ClusterIP traffic, for a sidecar or node proxy; external: NodePort, load-balancer and external-IP traffic, for an ingress on the node',
  }),
});

interface CompiledImage {
  bytes: Uint8Array;
  etag: string;
}

const images = new WeakMap<LoadedSnapshot, Map<string, CompiledImage>>();

/** A content hash as a strong entity tag: two FNV-1a lanes, 64 bits. */
function etagOf(bytes: Uint8Array): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ bytes.length;
  for (let i = 0; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i]!, 0x01000193);
    b = Math.imul(b ^ bytes[i]!, 0x2127599b) ^ (b >>> 15);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `"${hex(a)}${hex(b)}"`;
}

/** If-None-Match names this tag (or is `*`): a comma-separated list, weak tags compared weakly. */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || tag === etag || tag === `W/${etag}`;
  });
}

export function registerImage(app: App, ctx: RouteContext): void {
  const route = createRoute({
    method: 'get',
    path: '/v1/nodes/{node}/image',
    summary: "The Envoy filter's cluster image for a node, compiled from the snapshot (tpe compile's output)",
    request: { params: NodeParamsSchema, query: ImageQuerySchema },
    responses: {
      200: {
        description: 'The image (binary); ETag is a hash of its bytes',
        headers: { ETag: { schema: { type: 'string' }, description: 'a strong entity tag of the bytes' } },
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      304: { description: 'If-None-Match names the current image' },
      ...statusResponses([400, 404]),
    },
  });

  documentedRoute(app, route, async (c) => {
    const query = parseWith(ImageQuerySchema, c.req.query(), 'query');
    const mode = query.mode ?? 'internal';
    const loaded = ctx.store.current;
    const nodeName = c.req.param('node')!;
    const node = loaded.decisions.node(nodeName);
    let cache = images.get(loaded);
    if (!cache) images.set(loaded, (cache = new Map()));
    const key = `${node.name}\0${mode}`;
    let image = cache.get(key);
    if (!image) {
      const bytes = compileImage(await ctx.engine.loaded(), loaded.snapshot, node.name, mode, { revision: loaded.revision });
      image = { bytes, etag: etagOf(bytes) };
      cache.set(key, image);
    }
    if (matches(c.req.header('if-none-match'), image.etag)) return c.body(null, 304, { etag: image.etag });
    return c.body(image.bytes as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/octet-stream', etag: image.etag });
  });
}
