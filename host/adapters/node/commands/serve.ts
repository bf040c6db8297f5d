// `tpe serve`: what `npm start` runs — the HTTP decision service (api.md §3).
import type { Command } from 'commander';
import { EXIT_INTERNAL } from '../exit-codes.js';
import { parseByteCount, parsePort } from '../options.js';
import { serve } from '../serve.js';

const SERVE_EXAMPLE = `
Example:
  $ tpe serve --port 8080 &
  $ curl -s localhost:8080/readyz
  ok
  $ curl -s localhost:8080/v1/categorize -H 'content-type: application/yaml' --data-binary @request.yaml`;

export function registerServe(tpe: Command): void {
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
}
