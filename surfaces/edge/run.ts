// How each built bundle is run, on a given address — the commands the README gives, started as
// child processes for the tests and the bench (`startEdge`). The runtimes are the devDependencies'
// binaries; the processes are bound to the address they are given, never every interface.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EdgeRuntime } from './build.js';

const BIN = fileURLToPath(new URL('../../node_modules/.bin/', import.meta.url));

/** The environment variables a bundle reads (Deno needs them granted by name). */
export const SETTINGS = ['TPE_AUTH_TOKEN', 'TPE_BODY_LIMIT', 'TPE_REQUEST_TIMEOUT_MS'] as const;

export interface EdgeCommand {
  command: string;
  args: string[];
  /** The bundle's directory: every command names its files relative to it. */
  cwd: string;
}

export function edgeCommand(runtime: EdgeRuntime, bundleDir: string, host: string, port: number): EdgeCommand {
  const cwd = join(bundleDir, runtime);
  switch (runtime) {
    case 'workerd':
      return { command: join(BIN, 'workerd'), args: ['serve', 'config.capnp', '--socket-addr', `http=${host}:${port}`], cwd };
    case 'deno':
      return {
        command: join(BIN, 'deno'),
        args: ['serve', `--allow-env=${SETTINGS.join(',')}`, '--host', host, '--port', String(port), 'server.js'],
        cwd,
      };
    case 'bun':
      return { command: join(BIN, 'bun'), args: ['server.js', '--host', host, '--port', String(port)], cwd };
  }
}

export interface RunningEdge {
  runtime: string;
  url: string;
  pid: number;
  /** What the process wrote so far (the last 64 KiB), for failure messages. */
  output(): string;
  /** SIGTERM, then SIGKILL if it has not exited within a second. */
  stop(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** How long to wait for `readyPath` to answer 200 (default 20 s). */
  readyTimeoutMs?: number;
  /** Default /readyz. */
  readyPath?: string;
}

const MAX_OUTPUT = 64 * 1024;

/** Starts `command` and resolves once `http://host:port/readyz` (or `readyPath`) answers 200; a process that exits or stays unready is stopped and reported. */
export async function startProcess(
  runtime: string,
  { command, args, cwd }: EdgeCommand,
  host: string,
  port: number,
  options: StartOptions = {},
): Promise<RunningEdge> {
  const child = spawn(command, args, {
    cwd,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-MAX_OUTPUT);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (e) => {
      keep(Buffer.from(`cannot start: ${e.message}\n`));
      resolve();
    });
  }).then(() => {
    exited = true;
  });
  const url = `http://${host}:${port}`;
  const running: RunningEdge = { runtime, url, pid: child.pid ?? -1, output: () => output, stop: () => stop(child, exit, () => exited) };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  while (Date.now() < deadline && !exited) {
    try {
      const res = await fetch(`${url}${options.readyPath ?? '/readyz'}`, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.status === 200) return running;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  await running.stop();
  throw new Error(`${runtime} (${command} ${args.join(' ')}) ${exited ? 'exited' : 'was not ready in time'}:\n${output}`);
}

async function stop(child: ChildProcess, exit: Promise<void>, exited: () => boolean): Promise<void> {
  if (exited()) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
  await exit;
  clearTimeout(timer);
}

export function startEdge(
  runtime: EdgeRuntime,
  bundleDir: string,
  host: string,
  port: number,
  options?: StartOptions,
): Promise<RunningEdge> {
  return startProcess(runtime, edgeCommand(runtime, bundleDir, host, port), host, port, options);
}

/** A port free on `host` right now (the OS's pick for port 0). */
export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}
