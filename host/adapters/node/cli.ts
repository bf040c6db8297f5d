#!/usr/bin/env node
// The `tpe` command (api.md §4): a thin adapter over the engine and the HTTP app. Exit codes:
// 0 success, 2 bad input (the Status message on stderr), 3 tpe itself failed.
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { loadEngine } from '../../index.js';
import { isStatusError, type Status } from '../../objects/status.js';
import { readRequestFile } from './input.js';
import { serve } from './serve.js';
import { packageVersion } from './version.js';

const EXIT_BAD_INPUT = 2;
const EXIT_INTERNAL = 3;

const SERVE_EXAMPLE = `
Example:
  $ tpe serve --port 8080 &
  $ curl -s localhost:8080/readyz
  ok
  $ curl -s localhost:8080/v1/categorize -H 'content-type: application/yaml' --data-binary @request.yaml`;

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

function program(): Command {
  const tpe = new Command('tpe')
    .description("kube-proxy's Service endpoint selection as a library, an HTTP service and this CLI")
    .version(packageVersion())
    // Usage mistakes must exit 2 like other bad input, not commander's own exit(1).
    .exitOverride()
    .addHelpText('after', '\nExamples:\n  $ tpe categorize request.yaml\n  $ tpe serve --port 8080\n  $ tpe categorize --help    # a complete request to try');

  tpe
    .command('serve')
    .description('serve the HTTP decision service (POST /v1/categorize, /healthz, /readyz)')
    .option('--port <number>', 'port to listen on (default: $PORT, else 8080; 0 picks a free one)', parsePort)
    .option('--host <address>', 'address to listen on (default: $HOST, else 0.0.0.0)')
    .option('--body-limit <bytes>', 'largest request body accepted (default: 1048576)', parseByteCount)
    .addHelpText('after', SERVE_EXAMPLE)
    .action(async (opts: { port?: number; host?: string; bodyLimit?: number }) => {
      const running = await serve({ port: opts.port, host: opts.host, bodyLimitBytes: opts.bodyLimit });
      // A server that can never become ready should not linger: exit so the supervisor notices.
      running.engine.catch(async (e: unknown) => {
        process.stderr.write(`tpe: ${(e as Error).message}\n`);
        await running.close();
        process.exit(EXIT_INTERNAL);
      });
    });

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

  return tpe;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a port number between 0 and 65535.');
  return port;
}

function parseByteCount(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a positive number of bytes.');
  return Number(value);
}

/** The Status as a person reads it: the message, then each field on its own line. */
function formatStatus(status: Status): string {
  const causes = status.details?.causes ?? [];
  return [status.message, ...causes.map((c) => `  ${c.field}: ${c.message}`)].join('\n');
}

function exitCodeOf(error: unknown): number {
  // Commander has already printed its message (or the help / version it was asked for).
  if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
  if (isStatusError(error)) {
    process.stderr.write(`${formatStatus(error.status)}\n`);
    return EXIT_BAD_INPUT;
  }
  // A plain Error carries a message written for the operator (no engine file, port in use); a
  // TypeError and its kin are bugs in tpe, and their stack is for whoever fixes it.
  const bug = error instanceof Error && error.constructor !== Error;
  const text = error instanceof Error ? (bug ? (error.stack ?? error.message) : error.message) : String(error);
  process.stderr.write(`tpe: ${text}\n`);
  return EXIT_INTERNAL;
}

try {
  await program().parseAsync(process.argv);
} catch (error) {
  process.exitCode = exitCodeOf(error);
}
