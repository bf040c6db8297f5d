// `tpe categorize [FILE|-]`: one request (docs/contracts.md §2) from a file or stdin; the result JSON on stdout.
import type { Command } from 'commander';
import { loadEngine } from '../../node/index.js';
import { readRequestFile } from '../../node/input.js';

// Kept runnable as printed: test/cli checks that this exact heredoc answers 0.
const CATEGORIZE_EXAMPLE = `
Examples:
  $ tpe categorize request.yaml
  $ kubectl get svc web -o json | jq '{node: {name: "node-a"}, service: ., endpointSlices: []}' | tpe categorize
  $ tpe categorize --explain - <<'EOF'
  node: { name: node-a }
  service:
    apiVersion: v1
    kind: Service
    metadata: { name: web, namespace: default }
    spec:
      clusterIP: 10.96.0.10
      internalTrafficPolicy: Local
      ports: [{ name: http, port: 80, targetPort: 8080 }]
  endpointSlices:
  - apiVersion: discovery.k8s.io/v1
    kind: EndpointSlice
    metadata: { name: web-1, namespace: default, labels: { kubernetes.io/service-name: web } }
    addressType: IPv4
    ports: [{ name: http, port: 8080 }]
    endpoints:
    - { addresses: [10.0.1.5], conditions: { ready: true }, nodeName: node-a }
    - { addresses: [10.0.2.7], conditions: { ready: true }, nodeName: node-b }
  EOF

Exit codes: 0 the result is on stdout, 2 bad input (the reason on stderr), 3 tpe failed.`;

export function registerCategorize(tpe: Command): void {
  tpe
    .command('categorize')
    .description('decide one Service port seen from one node; result JSON on stdout')
    .argument('[file]', 'the request, JSON or YAML; - reads stdin', '-')
    .option('--explain', 'add the per-endpoint reasons (sets explain: true in the request)')
    .addHelpText('after', CATEGORIZE_EXAMPLE)
    .action(async (file: string, opts: { explain?: boolean }) => {
      const request = await readRequestFile(file);
      if (opts.explain && typeof request === 'object' && request !== null && !Array.isArray(request)) {
        (request as Record<string, unknown>).explain = true;
      }
      const engine = await loadEngine();
      process.stdout.write(`${JSON.stringify(engine.categorize(request), null, 2)}\n`);
    });
}
