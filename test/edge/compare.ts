// Answers of an edge runtime against the Node app's: same status, same body bytes, same headers
// except those a transport adds or a request makes unique (date, request id, framing).
import { expect } from 'vitest';

export interface Answer {
  status: number;
  body: string;
  headers: Record<string, string>;
}

/** Headers that differ between two correct servers: the transport's and the per-request id. */
const TRANSPORT_HEADERS = new Set(['date', 'x-request-id', 'content-length', 'connection', 'keep-alive', 'transfer-encoding']);

export async function answerOf(response: Response): Promise<Answer> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!TRANSPORT_HEADERS.has(name.toLowerCase())) headers[name.toLowerCase()] = value;
  });
  return { status: response.status, body: await response.text(), headers };
}

export function expectSameAnswer(runtime: string, what: string, actual: Answer, node: Answer): void {
  expect({ runtime, what, ...actual }).toEqual({ runtime, what, ...node });
}

/** Runs `work` over `items`, at most `limit` at a time, results in order. */
export async function inBatches<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
