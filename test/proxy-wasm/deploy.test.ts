// deploy/envoy/envoy.yaml agrees with the filter: its plugin configuration (rendered for a node) is
// accepted, the cluster it fetches from is defined, the override-host policy reads the header the
// filter sets, and every domain of the virtual host names the Service port the route goes to.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { parse } from 'yaml';
import { DESTINATION_HEADER } from '../../host/http/routes/pick.js';
import { demoSnapshot, libraryDecision, startFilter } from './cluster.js';
import { ProxyWasmHost } from './host.js';
import { filterModule } from './cluster.js';

type Obj = Record<string, any>;
const rendered = readFileSync(new URL('../../deploy/envoy/envoy.yaml', import.meta.url), 'utf8').replaceAll('${NODE_NAME}', 'node-a1');
const envoy = parse(rendered) as Obj;
const hcm = envoy.static_resources.listeners[0].filter_chains[0].filters[0].typed_config;
const wasm = hcm.http_filters.find((f: Obj) => f.name === 'envoy.filters.http.wasm').typed_config.config;
const clusters = envoy.static_resources.clusters as Obj[];

it('renders a plugin configuration the filter accepts, fetching from a defined cluster', async () => {
  const configuration = wasm.configuration.value as string;
  const host = await ProxyWasmHost.load(filterModule, { pluginConfiguration: configuration });
  expect(host.start()).toBe(true);
  const fetchCluster = (JSON.parse(configuration) as { fetch: { cluster: string } }).fetch.cluster;
  expect(clusters.map((c) => c.name)).toContain(fetchCluster);
  host.tick();
  expect(host.sentCalls[0]!.headers).toContainEqual([':path', '/v1/nodes/node-a1/image?mode=internal']);
});

it('routes the domains of its virtual host to an override-host cluster reading the header the filter sets', async () => {
  const vhost = hcm.route_config.virtual_hosts[0];
  const cluster = clusters.find((c) => c.name === vhost.routes[0].route.cluster)!;
  const policy = cluster.load_balancing_policy.policies[0].typed_extension_config;
  expect(policy.name).toBe('envoy.load_balancing_policies.override_host');
  expect(policy.typed_config.override_host_sources).toEqual([{ header: DESTINATION_HEADER }]);
  expect(policy.typed_config.fallback_policy.policies).toHaveLength(1);
  const snapshot = demoSnapshot();
  const host = await startFilter(snapshot, 'node-a1');
  const { decision } = libraryDecision(snapshot, 'shop', 'cart', 'http', 'node-a1', 'internal');
  for (const domain of vhost.domains as string[]) {
    const answer = host.request([[':authority', domain]]);
    expect(decision!.endpoints).toContain(answer.requestHeaders.find(([k]) => k === DESTINATION_HEADER)?.[1]);
  }
});
