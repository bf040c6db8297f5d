// Request bodies (docs/contracts.md §3): JSON or YAML chosen by the content type, checked in the cheapest
// order: media type (415), size (413), syntax (400). Categorize reads one document; the batch and
// snapshot routes read every document (multi-document YAML, JSON streams, Lists flattened).
import {
  DEFAULT_YAML_LIMITS,
  MAX_LIST_DEPTH,
  parseDocuments,
  parseRequestText,
  parseUnlabelled,
  type YamlLimits,
} from '../objects/parse.js';
import { badRequest, statusError } from '../objects/status.js';
import { readBodyText } from './body.js';
import { checkJsonLimits, DEFAULT_JSON_LIMITS, type JsonLimits } from './limits.js';

const MEDIA_TYPES: Readonly<Record<string, 'json' | 'yaml'>> = {
  'application/json': 'json',
  'application/yaml': 'yaml',
  'application/x-yaml': 'yaml',
  'text/yaml': 'yaml',
};

export const ACCEPTED_MEDIA_TYPES: readonly string[] = Object.keys(MEDIA_TYPES);

/**
 * The one document of the body, not yet validated: the engine reads and validates it. A document
 * over the nesting or value limits is a 413 (middleware/limits.ts).
 */
export async function readRequestDocument(request: Request, limit: number, jsonLimits: JsonLimits = DEFAULT_JSON_LIMITS): Promise<unknown> {
  const format = formatOf(request.headers.get('content-type'));
  const text = await readBodyText(request, limit);
  return parseRequestText(text, format, 'request body', jsonLimits, yamlLimitsOf(jsonLimits, REQUEST_DOCUMENTS));
}

/**
 * Every document of the body, Lists flattened, not yet validated. The nesting and value limits
 * hold for each document: a cluster dump holds many objects, each of them small.
 */
export async function readRequestDocuments(
  request: Request,
  limit: number,
  jsonLimits: JsonLimits = DEFAULT_JSON_LIMITS,
): Promise<unknown[]> {
  const format = formatOf(request.headers.get('content-type'));
  const text = await readBodyText(request, limit);
  return documentsOf(text, format, jsonLimits);
}

/** The documents of a body's text, as readRequestDocuments reads them (also off the request path: host/http/dump.ts). */
export function documentsOf(text: string, format: BodyFormat, jsonLimits: JsonLimits = DEFAULT_JSON_LIMITS): unknown[] {
  const yamlLimits = yamlLimitsOf(jsonLimits, DUMP_DOCUMENTS);
  const docs = format ? parseDocuments(text, format, yamlLimits) : parseUnlabelled(text, yamlLimits);
  for (const doc of docs) checkJsonLimits(doc, jsonLimits);
  return docs;
}

/** What the content type says the body is; undefined when it says nothing. */
export type BodyFormat = 'json' | 'yaml' | undefined;

/** A request is one document; a few more still get the message saying how many were found. */
const REQUEST_DOCUMENTS = 100;
/** A 16 MiB dump of the smallest objects kubectl prints holds far fewer. */
const DUMP_DOCUMENTS = 100_000;

/**
 * The YAML reader refuses what the limits would refuse after it, while it reads: nesting (Lists
 * may wrap each object twice per level), documents. The depth named is the per-object one.
 */
function yamlLimitsOf(jsonLimits: JsonLimits, maxDocuments: number): YamlLimits {
  return {
    ...DEFAULT_YAML_LIMITS,
    maxDepth: jsonLimits.maxDepth + 2 * MAX_LIST_DEPTH,
    reportedDepth: jsonLimits.maxDepth,
    maxDocuments,
    subject: 'request body',
  };
}

/** `undefined` when no content type was sent; a 415 Status for one tpe does not read. */
export function formatOf(header: string | null): BodyFormat {
  if (header === null || header.trim() === '') return undefined;
  const mediaType = header.split(';')[0]!.trim().toLowerCase();
  const format = MEDIA_TYPES[mediaType];
  if (format) return format;
  throw statusError(
    'UnsupportedMediaType',
    415,
    `unsupported content type ${JSON.stringify(mediaType)}: send one of ${ACCEPTED_MEDIA_TYPES.join(', ')}`,
  );
}

/**
 * `?node=a&node=b` names two nodes where the routes take one: refused rather than read as the first.
 * A scan of the query string (short on these routes), before the router's own parse.
 */
export function refuseRepeatedQuery(url: string): void {
  const start = url.indexOf('?');
  if (start === -1) return;
  const seen = new Set<string>();
  for (const part of url.slice(start + 1).split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    let name = eq === -1 ? part : part.slice(0, eq);
    if (name.includes('%') || name.includes('+')) {
      try {
        name = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // The router reports a malformed name.
      }
    }
    if (seen.has(name)) {
      const cause = {
        reason: 'FieldValueDuplicate',
        field: `query.${name}`,
        message: `Duplicate value: the query names ${name} more than once`,
      };
      throw badRequest(`query.${name}: ${cause.message}`, [cause]);
    }
    seen.add(name);
  }
}
