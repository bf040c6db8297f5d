// FILES of `tpe simulate`, `tpe diff` and `tpe lint`: files, folders (every .yaml, .yml and .json
// within, at any depth, in name order) or `-` for stdin — read and parsed into Kubernetes objects,
// Lists flattened (docs/contracts.md §1). Unreadable paths and text are BadRequest Statuses naming the file.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { parseDocuments } from '../../host/objects/parse.js';
import { badRequest, isStatusError, statusError } from '../../host/objects/status.js';
import { locate, type ObjectOrigin } from '../../host/cluster/ingest.js';

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

export interface ManifestFile {
  /** The path as found (or `stdin`). */
  name: string;
  text: string;
  /** `.json` files are JSON, `.yaml`/`.yml` YAML; stdin is sniffed. */
  format: 'json' | 'yaml' | undefined;
}

function formatOf(path: string): 'json' | 'yaml' {
  return extname(path).toLowerCase() === '.json' ? 'json' : 'yaml';
}

/** `seen`: the real paths of the folders on the way down, so a symlink back up is a cycle, not 40 levels of it. */
async function walk(dir: string, out: string[], seen: readonly string[] = []): Promise<void> {
  const real = await realpath(dir);
  if (seen.includes(real)) throw badRequest(`cannot read ${dir}: a symlink cycle (it is ${real}, a folder that holds it)`);
  // Dot-entries are editors' temporaries, `.git` and the like: never manifests.
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // stat follows symlinks (a ConfigMap volume's entries are symlinks).
    const info = await stat(path);
    if (info.isDirectory()) await walk(path, out, [...seen, real]);
    else if (info.isFile() && MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
}

/**
 * The most manifest text one command reads. Reading costs far more memory than the text (YAML's
 * event stream, the objects, the simulation's model: about 30 bytes per byte of YAML, measured), and
 * past the heap V8 dies with a fatal error instead of an exit code: so the input is refused up front,
 * saying how big is too big. `$TPE_MAX_INPUT_BYTES` sets it; by default a thirty-second of the heap
 * limit (`--max-old-space-size`), and never more than a JavaScript string holds.
 */
export function maxInputBytes(): number {
  const set = process.env.TPE_MAX_INPUT_BYTES;
  if (set !== undefined && /^[1-9]\d*$/.test(set.trim())) return Number(set.trim());
  return Math.min(STRING_LIMIT_BYTES, Math.floor(getHeapStatistics().heap_size_limit / BYTES_PER_INPUT_BYTE));
}

const BYTES_PER_INPUT_BYTE = 32;
/** V8's longest string is about 2^29 characters. */
const STRING_LIMIT_BYTES = 512 * 1024 * 1024;

const mib = (bytes: number) => (bytes < 1024 * 1024 ? `${bytes} bytes` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`);

class InputBudget {
  #used = 0;
  constructor(readonly limit: number) {}

  take(bytes: number, name: string): void {
    this.#used += bytes;
    if (this.#used > this.limit) {
      const what = this.#used === bytes ? `${name} is ${mib(bytes)}` : `the manifests come to ${mib(this.#used)} with ${name}`;
      throw statusError(
        'RequestEntityTooLarge',
        413,
        `${what}: tpe reads at most ${mib(this.limit)} of manifests at once (a thirty-second of the heap limit; raise it with NODE_OPTIONS=--max-old-space-size=MiB, or set $TPE_MAX_INPUT_BYTES)`,
      );
    }
  }
}

async function readStdin(budget: InputBudget): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    budget.take((chunk as Buffer).length, 'stdin');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readWithin(path: string, budget: InputBudget): Promise<string> {
  budget.take((await stat(path)).size, path);
  return readFile(path, 'utf8');
}

/** The manifest files named by `paths`, in the order given (each folder's files in name order). */
export async function readManifestFiles(paths: readonly string[], command: string): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  const budget = new InputBudget(maxInputBytes());
  for (const path of paths) {
    if (path === '-') {
      // Waiting on a terminal looks like a hang; say what is expected instead.
      if (process.stdin.isTTY) throw badRequest(`no manifests on stdin: name FILES or pipe manifests in (see tpe ${command} --help)`);
      files.push({ name: 'stdin', text: await readStdin(budget), format: undefined });
      continue;
    }
    try {
      if ((await stat(path)).isDirectory()) {
        const found: string[] = [];
        await walk(path, found);
        if (found.length === 0) throw badRequest(`cannot read ${path}: the folder holds no .yaml, .yml or .json file`);
        for (const file of found) files.push({ name: file, text: await readWithin(file, budget), format: formatOf(file) });
      } else {
        files.push({ name: path, text: await readWithin(path, budget), format: formatOf(path) });
      }
    } catch (e) {
      if (isStatusError(e)) throw e;
      const code = (e as NodeJS.ErrnoException).code;
      throw badRequest(`cannot read ${path}: ${code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`);
    }
  }
  return files;
}

export interface Manifests {
  objects: unknown[];
  /** Where each object came from, index for index: its file and its place among that file's objects. */
  origins: ObjectOrigin[];
}

/** Every object of every file, Lists flattened, in file order. A parse error names its file. */
export function parseManifests(files: readonly ManifestFile[]): Manifests {
  const out: Manifests = { objects: [], origins: [] };
  for (const file of files) {
    let docs: unknown[];
    try {
      docs = parseDocuments(file.text, file.format);
    } catch (e) {
      throw inFile(e, file.name);
    }
    docs.forEach((doc, index) => {
      out.objects.push(doc);
      out.origins.push({ source: file.name, index, count: docs.length });
    });
  }
  return out;
}

export async function readManifests(paths: readonly string[], command: string): Promise<Manifests> {
  return parseManifests(await readManifestFiles(paths, command));
}

function inFile(e: unknown, file: string): unknown {
  return locate(e, file);
}
