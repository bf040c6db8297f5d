// Run by Deno and Bun from a project that depends on tpe: imports the package as a user would
// (`tpe`, `tpe/http`, `tpe/tpe.wasm` through its conditional exports), decides every request of
// the file named by the first argument with the runtime-free library and through the Hono app,
// and prints what it resolved and answered as one JSON line.
import { loadEngine } from 'tpe';
import { createApp } from 'tpe/http';

const runtime = typeof Deno !== 'undefined' ? 'deno' : 'bun';
const file = runtime === 'deno' ? Deno.args[0] : Bun.argv[2];
const readBytes = (url) => (runtime === 'deno' ? Deno.readFile(url) : Bun.file(url).bytes());
const readText = (path) => (runtime === 'deno' ? Deno.readTextFile(path) : Bun.file(path).text());

const wasm = new URL(import.meta.resolve('tpe/tpe.wasm'));
const engine = await loadEngine(await readBytes(wasm));
const requests = JSON.parse(await readText(file));
const outcomes = requests.map((request) => {
  try {
    return engine.categorize(request);
  } catch (e) {
    if (e && e.status) return e.status;
    throw e;
  }
});
const app = createApp({ engine });
const response = await app.request('/v1/categorize', {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(requests[0]),
});
console.log(
  JSON.stringify({
    runtime,
    resolved: { tpe: import.meta.resolve('tpe'), http: import.meta.resolve('tpe/http'), wasm: wasm.href },
    outcomes,
    app: { status: response.status, body: await response.text() },
  }),
);
