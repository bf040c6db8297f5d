// The API server double (test/kube/apiserver.ts) in a process of its own for `npm run bench:kube`,
// holding a generated cluster: NODES nodes in 3 zones, SERVICES Services, each with one
// EndpointSlice of PODS / SERVICES endpoints on nodes chosen round-robin. Driven over IPC:
//   { type: 'modify', service: i, ip }      one MODIFIED EndpointSlice event
//   { type: 'rate', perSecond, seconds }    that many slice events per second (in 10 ms ticks), then { type: 'done', sent }
import { ApiServerDouble } from '../test/kube/apiserver.js';
import { node, service, slice } from '../test/kube/objects.js';

const NODES = Number(process.env.NODES ?? 5000);
const SERVICES = Number(process.env.SERVICES ?? 10000);
const PODS = Number(process.env.PODS ?? 150000);
const ZONES = ['zone-a', 'zone-b', 'zone-c'];
const perService = Math.round(PODS / SERVICES);

const double = new ApiServerDouble();
double.maxPageSize = 500;
for (let n = 0; n < NODES; n++) double.put(node(`node-${n}`, ZONES[n % 3]!));
const sliceOf = (i: number, first: string) => {
  const endpoints = Array.from({ length: perService }, (_, k) => {
    const n = (i * perService + k) % NODES;
    const ip = k === 0 ? first : `10.${(i >> 8) & 255}.${i & 255}.${k + 1}`;
    return { ip, node: `node-${n}`, zone: ZONES[n % 3]! };
  });
  return slice('shop', `svc-${i}-abc`, `svc-${i}`, endpoints);
};
for (let i = 0; i < SERVICES; i++) {
  double.put(service('shop', `svc-${i}`, { clusterIP: `10.96.${(i >> 8) & 255}.${i & 255}` }));
  double.put(sliceOf(i, `10.${(i >> 8) & 255}.${i & 255}.1`));
}
await double.start();
process.send!({ type: 'ready', kubeconfig: double.writeKubeconfig(), endpoints: SERVICES * perService });

let counter = 0;
process.on('message', (m: { type: string; service?: number; ip?: string; perSecond?: number; seconds?: number }) => {
  if (m.type === 'modify') double.put(sliceOf(m.service!, m.ip!));
  if (m.type === 'rate') {
    const perTick = m.perSecond! / 100;
    let sent = 0;
    const end = Date.now() + m.seconds! * 1000;
    const tick = setInterval(() => {
      for (let k = 0; k < perTick; k++) {
        counter += 1;
        // Services 1 … SERVICES-1: service 0 is the one being picked.
        const i = 1 + (counter % (SERVICES - 1));
        double.put(sliceOf(i, `10.250.${(counter >> 8) & 255}.${counter & 255}`));
        sent += 1;
      }
      if (Date.now() >= end) {
        clearInterval(tick);
        process.send!({ type: 'done', sent });
      }
    }, 10);
  }
  if (m.type === 'stop') void double.stop().then(() => process.exit(0));
});
