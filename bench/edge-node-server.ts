// The Node side of bench/edge.bench.ts: the Node server of surfaces/node (what `npm start` runs) on
// the bench's cluster dump and address, with no access log — the edge bundles write none either, so
// all four runtimes serve the same app.
import { serve } from '../surfaces/node/serve.js';

const [host, port, cluster] = process.argv.slice(2);
await serve({ host: host!, port: Number(port), cluster: cluster!, accessLog: false });
