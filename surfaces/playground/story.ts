// The guided first example: internalTrafficPolicy told on the cluster in the picture. The text
// follows the simulation (which node loses its traffic, what Cluster would cost instead), so it is
// true whatever the reader changes.
import { formatBytes, formatUsd } from '../../emulator/text/format.js';
import type { RunResult } from './run.js';

const SERVICE = 'monitoring/node-agent';

export function storyHtml(run: RunResult): string {
  const report = run.report!;
  const service = run.services.find((s) => s.key === SERVICE);
  if (!service) return '';
  const local = service.internalTrafficPolicy === 'Local';
  // Dropped today; rejected by the kube-proxy of the oldest releases (1.21 with the alpha gate on).
  const dropped = report.flows.filter((f) => f.verdict !== 'route' && f.to.service === SERVICE);
  const verb = dropped.length > 0 && dropped.every((f) => f.verdict === 'reject') ? 'REJECTED' : 'DROPPED';
  const nodes = [...new Set(dropped.map((f) => f.from.node))];
  const s = report.summary;
  const head = `<h2>internalTrafficPolicy in one minute</h2>`;
  const setup =
    `<p>Three nodes, one per zone. Every node runs a telemetry <b>agent</b> (a DaemonSet) — except <b>node-c</b>, which is tainted for batch work. ` +
    `The <b>web</b> pods send their spans to the Service <code>${SERVICE}</code>.</p>`;
  const button = (to: 'Cluster' | 'Local', text: string) =>
    `<button type="button" class="primary" data-story-itp="${to}" data-service="${SERVICE}">${text}</button>`;
  if (local) {
    const lost = dropped.length
      ? `<p class="alarm"><b>${verb === 'DROPPED' ? '✕' : '⊘'} ${dropped.length} flow${dropped.length === 1 ? ' is' : 's are'} ${verb}</b> on ${nodes.map((n) => `<button type="button" class="link" data-story-node="${n}">${n}</button>`).join(', ')}: ` +
        `with <code>internalTrafficPolicy: Local</code> kube-proxy may only use an agent on the client's own node, and ${nodes.join(', ')} has none. ` +
        (verb === 'DROPPED'
          ? `It does not fall back to another node: the packets vanish — no error in the app, no log line, nothing in the Service's status.</p>`
          : `This release's kube-proxy rejects the connection instead (the client sees it refused); newer releases drop it silently.</p>`)
      : `<p>Every client node has a local agent: nothing is dropped. Taint a node or remove an agent to see the blackhole.</p>`;
    return (
      head +
      setup +
      `<p>The Service says <code>internalTrafficPolicy: <b>Local</b></code>: traffic stays on the node (solid lines, ${formatBytes(s.bytesPerSecond.sameNode)}/s, no cross-zone bill).</p>` +
      lost +
      `<p>${button('Cluster', 'Switch to Cluster')} and watch where the traffic goes instead.</p>`
    );
  }
  return (
    head +
    setup +
    `<p>With <code>internalTrafficPolicy: <b>Cluster</b></code> every node may use every agent: ${s.drop === 0 ? '<b>nothing is dropped</b>' : `${s.drop} flows still dropped`}, ` +
    `but most traffic now leaves its node — ${formatBytes(s.bytesPerSecond.crossZone)}/s crosses zones (dotted lines), ${formatUsd(s.crossZoneCostPerMonth.usd)} a month.</p>` +
    `<p>Local trades reachability for locality: safe only when every client node runs an endpoint. ${button('Local', 'Back to Local')}</p>`
  );
}
