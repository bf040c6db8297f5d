// The conformance table against POST /v1/categorize (docs/contracts.md §3): same answers, same Statuses.
import { describe, it } from 'vitest';
import { loadEngine } from '../../surfaces/node/index.js';
import { createApp } from '../../host/http/app.js';
import { cases } from './cases.js';
import { checkCase } from './run.js';

const app = createApp({ engine: await loadEngine() });

describe('HTTP route against the conformance table', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const response = await app.request('/v1/categorize', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(c.request),
    });
    checkCase(await response.json(), c);
  });
});
