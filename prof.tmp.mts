import { loadEngine } from '/work/main/host/index.js';
import { scenario, nodesOf } from '/work/main/bench/scenario.js';
import { referenceCategorize } from '/work/main/test/reference/index.js';
const engine = await loadEngine();
const nodes = nodesOf(1000);
const base = JSON.parse(JSON.stringify(scenario(1000)));
const single = { ...base, node: nodes[1] };
for (const [name, f] of [['lib', () => engine.categorize(single)], ['ref', () => referenceCategorize(single)]] as const) {
  for (let i = 0; i < 200; i++) f();
  let t = performance.now();
  for (let i = 0; i < 500; i++) f();
  console.log(name, 'single µs', ((performance.now() - t) / 500) * 1000);
}
