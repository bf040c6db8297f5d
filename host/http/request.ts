// Request bodies (api.md §3): JSON or YAML chosen by the content type, checked in the cheapest
// order: media type (415), size (413), syntax (400). Categorize reads one document; the batch and
// snapshot routes read every document (multi-document YAML, JSON streams, Lists flattened).
import { parseDocuments } from '../objects/parse.js';
import { badRequest, isStatusError, statusError } from '../objects/status.js';
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
  const plain = format === 'yaml' ? undefined : plainJsonObject(text, jsonLimits);
  if (plain !== undefined) return plain;
  const doc = parseRequestText(text, format, 'request body');
  checkJsonLimits(doc, jsonLimits);
  return doc;
}

/**
 * Every document of the body, Lists flattened, not yet validated. The nesting and value limits
 * hold for each document: a cluster dump holds many objects, each of them small.
 */
export async function readRequestDocuments(request: Request, limit: number, jsonLimits: JsonLimits = DEFAULT_JSON_LIMITS): Promise<unknown[]> {
  const format = formatOf(request.headers.get('content-type'));
  const text = await readBodyText(request, limit);
  const plain = format === 'yaml' ? undefined : plainJsonObject(text, jsonLimits);
  if (plain !== undefined) return [plain];
  const docs = format ? parseDocuments(text, format) : parseUnlabelled(text);
  for (const doc of docs) checkJsonLimits(doc, jsonLimits);
  return docs;
}

/**
 * A categorize request is one document, in `format` or, when that is unknown, whichever it reads
 * as. `where` names the input in messages (the CLI passes the file name).
 */
export function parseRequestText(text: string, format: 'json' | 'yaml' | undefined, where: string): unknown {
  const docs = format ? parseDocuments(text, format) : parseUnlabelled(text);
  if (docs.length !== 1) throw badRequest(`${where} must hold exactly one request document, found ${docs.length}`);
  return docs[0];
}

/** `undefined` when no content type was sent; a 415 Status for one tpe does not read. */
function formatOf(header: string | null): 'json' | 'yaml' | undefined {
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
 * Without a content type, JSON first, then YAML (which also reads flow-style `{a: 1}`). When both
 * fail, the error of the format the text looks like is the one that helps.
 */
function parseUnlabelled(text: string): unknown[] {
  try {
    return parseDocuments(text, 'json');
  } catch (jsonError) {
    if (!isStatusError(jsonError)) throw jsonError;
    try {
      return parseDocuments(text, 'yaml');
    } catch (yamlError) {
      throw /^\s*[[{]/.test(text) ? jsonError : yamlError;
    }
  }
}

/**
 * The fast path for the common body, one JSON object: V8's JSON.parse reads it several times faster
 * than the scanner in host/objects/parse.ts, which is needed only to report errors where they are,
 * to read JSON streams and Lists, and to refuse duplicate keys (which JSON.parse silently resolves
 * to the last one). Those are recognised here and left to it: anything that does not parse, is not
 * an object, holds `items` (a List), or names more members in its text than JSON.parse kept
 * (a duplicate key) returns undefined. The nesting and value limits hold either way.
 */
function plainJsonObject(text: string, jsonLimits: JsonLimits): object | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || 'items' in value) return undefined;
  return checkJsonLimits(value, jsonLimits) === membersInText(text) ? value : undefined;
}

/**
 * Object members named in the text of a valid JSON document: string tokens followed by `:`. Valid
 * JSON has no `"` outside strings, so stepping from string to string never loses the token boundary.
 */
function membersInText(text: string): number {
  let members = 0;
  for (let i = text.indexOf('"'); i !== -1; i = text.indexOf('"', i + 1)) {
    // To the closing quote, past escapes.
    let c = text.charCodeAt(++i);
    while (c !== 0x22) {
      i += c === 0x5c ? 2 : 1;
      c = text.charCodeAt(i);
    }
    let j = i + 1;
    c = text.charCodeAt(j);
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = text.charCodeAt(++j);
    if (c === 0x3a) members += 1;
  }
  return members;
}
