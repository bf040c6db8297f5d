// Reading a request body within the limit (docs/contracts.md §3): a declared Content-Length over the limit is
// refused before reading; a body without one is counted while it streams in, so an oversized body is
// refused after `limit` bytes, never buffered whole. A Content-Encoding (gzip, br…) is refused: 415.
import { statusError, badRequest } from '../objects/status.js';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** The body as UTF-8 text; a 413 Status past `limit` bytes, a 400 for bytes that are not UTF-8. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  refuseEncoded(request.headers.get('content-encoding'));
  const length = request.headers.get('content-length');
  const declared = length === null ? NaN : Number(length);
  if (declared > limit) throw tooLarge(limit);
  // A declared length within the limit bounds the body (the HTTP parser reads no more): read it
  // whole. On Node this is also the fast path — `request.body` would first build a fetch Request.
  return utf8(declared >= 0 ? new Uint8Array(await request.arrayBuffer()) : await readStream(request, limit));
}

/** A body without a declared length (chunked), counted while it streams in. */
async function readStream(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop the sender instead of draining the rest of an oversized body.
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** tpe reads bodies as sent: a compressed one is refused before it is read, whatever it holds. */
function refuseEncoded(header: string | null): void {
  if (header === null) return;
  const codings = header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0) return;
  throw statusError(
    'UnsupportedMediaType',
    415,
    `Content-Encoding ${JSON.stringify(codings.join(', '))} is not supported: send the body uncompressed (Content-Encoding: identity or none)`,
  );
}

function utf8(bytes: Uint8Array): string {
  try {
    return decoder.decode(bytes);
  } catch {
    // gzip's magic bytes: compressed without saying so.
    if (bytes[0] === 0x1f && bytes[1] === 0x8b)
      throw statusError(
        'UnsupportedMediaType',
        415,
        'request body is gzip-compressed: send it uncompressed (Content-Encoding is not supported)',
      );
    throw badRequest('request body is not valid UTF-8 text');
  }
}

const decoder = new TextDecoder('utf-8', { fatal: true });

function tooLarge(limit: number) {
  return statusError('RequestEntityTooLarge', 413, `request body is larger than the limit of ${limit} bytes`);
}
