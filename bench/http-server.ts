// The bare server of bench/http.bench.ts: a Hono app whose routes parse the same input as tpe's and
// answer a constant — the floor of the HTTP stack tpe is built on. It reports its port on stdout.
// (tpe itself runs as `npm start` does: node dist/surfaces/cli/cli.js serve.)
import { serve as listen } from '@hono/node-server';
import { Hono } from 'hono';

const constant = { endpoint: '10.0.0.1:8080', verdict: 'route' };
const app = new Hono();
app.post('/v1/categorize', async (c) => {
  await c.req.json();
  return c.json(constant);
});
app.get('/v1/services/:namespace/:name/pick', (c) => {
  c.req.param('namespace');
  c.req.query('node');
  return c.json(constant);
});
const server = listen({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
  process.stdout.write(`${JSON.stringify({ port: info.port })}\n`),
);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
