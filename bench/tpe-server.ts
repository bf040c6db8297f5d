// tpe serve with middleware features switched off, for bench/http.bench.ts's price of each: the
// server `npm start` runs (surfaces/node/serve.ts, through tsx), its access log on stderr.
// `--without a,b` names the features off (host/http/middleware/index.ts); `--cluster FILE` the snapshot.
import { serve } from '../surfaces/node/serve.js';
import { MIDDLEWARE_FEATURES, type MiddlewareFeature } from '../host/http/middleware/index.js';

const args = process.argv.slice(2);
const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const without = (value('--without') ?? '').split(',').filter((f) => f !== '');
for (const f of without) if (!(MIDDLEWARE_FEATURES as readonly string[]).includes(f)) throw new Error(`unknown feature ${f}`);
await serve({ port: 0, host: '127.0.0.1', cluster: value('--cluster'), without: without as MiddlewareFeature[] });
