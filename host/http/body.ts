// Reading a request body within the limit (api.md §3): the byte count is enforced while the stream is
// read, so an oversized body is refused after `limit` bytes, never buffered whole.
import { statusError, badRequest } from '../objects/status.js';

export const DEFAULT_BODY_LIMIT_BYTES = 1024 * 1024;

/** The body as UTF-8 text; a 413 Status past `limit` bytes, a 400 for bytes that are not UTF-8. */
export async function readBodyText(request: Request, limit: number): Promise<string> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  if (!request.body) return '';
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
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw badRequest('request body is not valid UTF-8 text');
  }
}

function tooLarge(limit: number) {
  return statusError('RequestEntityTooLarge', 413, `request body is larger than the limit of ${limit} bytes`);
}
