// One request through the Envoy filter in the harness, printed as Envoy would act on it:
//   npx tsx test/proxy-wasm/request.ts NODE AUTHORITY [SOURCE_ADDRESS] [--external] [--from URL]
// The image is the demo cluster's (what `npm start` serves), or fetched from a running `tpe serve`
// at URL (GET /v1/nodes/NODE/image).
import { DEMO_CLUSTER } from '../../host/cluster/demo.js';
import { compileImage } from '../../host/cluster/image.js';
import { snapshotFromObjects } from '../../host/cluster/snapshot.js';
import { resolveEra } from '../../host/engine/eras.js';
import { loadEngine } from '../../surfaces/node/index.js';
import { readFile } from 'node:fs/promises';
import { ProxyWasmHost } from './host.js';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i < 0 ? undefined : args.splice(i, 2)[1];
};
const external = args.includes('--external');
const from = flag('--from');
const [node, authority, source] = args.filter((a) => a !== '--external');
if (!node || !authority) {
  process.stderr.write('usage: npx tsx test/proxy-wasm/request.ts NODE AUTHORITY [SOURCE_ADDRESS] [--external] [--from URL]\n');
  process.exit(2);
}
const mode = external ? 'external' : 'internal';
let image: Uint8Array;
if (from) {
  const res = await fetch(`${from}/v1/nodes/${node}/image?mode=${mode}`);
  if (!res.ok) throw new Error(`${from}: HTTP ${res.status} ${await res.text()}`);
  image = new Uint8Array(await res.arrayBuffer());
} else {
  image = compileImage(await loadEngine(), snapshotFromObjects(DEMO_CLUSTER, resolveEra(undefined, undefined), 'demo'), node, mode);
}
const wasm = await readFile(new URL('../../dist/envoy/tpe-filter.wasm', import.meta.url));
const host = await ProxyWasmHost.load(wasm, {
  pluginConfiguration: JSON.stringify({ node, mode, image: Buffer.from(image).toString('base64') }),
});
if (!host.start()) throw new Error(host.logs.map((l) => l.message).join('\n'));
const answer = host.request([[':authority', authority]], source ? { properties: { 'source.address': source } } : {});
if (answer.localResponse) {
  const r = answer.localResponse;
  process.stdout.write(`local reply ${r.status} (${r.details}) ${r.headers.map(([k, v]) => `${k}: ${v}`).join(', ')}\n${r.body}\n`);
} else {
  const set = answer.requestHeaders.find(([k]) => k === 'x-gateway-destination-endpoint');
  process.stdout.write(set ? `continue, ${set[0]}: ${set[1]}\n` : 'continue, headers untouched\n');
}
