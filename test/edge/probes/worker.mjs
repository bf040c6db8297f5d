// A module worker that uses tpe as a Workers project would: `import { loadEngine } from 'tpe'`
// bundled with the conditions wrangler uses (workerd, worker, browser), and the engine as the
// `tpe.wasm` module beside it (workerd compiles no WASM from bytes). POST a JSON array of requests:
// the answer is their outcomes (a result, or the Status of a refused request); GET: ready.
import { loadEngine } from 'tpe';
import engineModule from './tpe.wasm';

let engine;

export default {
  async fetch(request) {
    if (request.method === 'GET') return new Response('ready');
    engine ??= await loadEngine(engineModule);
    const requests = await request.json();
    const outcomes = requests.map((r) => {
      try {
        return engine.categorize(r);
      } catch (e) {
        if (e && e.status) return e.status;
        throw e;
      }
    });
    return Response.json(outcomes);
  },
};
