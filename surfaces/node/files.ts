// FILES of `tpe simulate`, `tpe diff` and `tpe lint`: files, folders (every .yaml, .yml and .json
// within, at any depth, in name order) or `-` for stdin — read and parsed into Kubernetes objects,
// Lists flattened (docs/contracts.md §1). Unreadable paths and text are BadRequest Statuses naming the file.
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { parseDocuments } from '../../host/objects/parse.js';
import { badRequest, isStatusError } from '../../host/objects/status.js';
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

async function walk(dir: string, out: string[]): Promise<void> {
  // Dot-entries are editors' temporaries, `.git` and the like: never manifests.
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const path = join(dir, entry.name);
    // stat follows symlinks (a ConfigMap volume's entries are symlinks).
    const info = await stat(path);
    if (info.isDirectory()) await walk(path, out);
    else if (info.isFile() && MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) out.push(path);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The manifest files named by `paths`, in the order given (each folder's files in name order). */
export async function readManifestFiles(paths: readonly string[], command: string): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  for (const path of paths) {
    if (path === '-') {
      // Waiting on a terminal looks like a hang; say what is expected instead.
      if (process.stdin.isTTY) throw badRequest(`no manifests on stdin: name FILES or pipe manifests in (see tpe ${command} --help)`);
      files.push({ name: 'stdin', text: await readStdin(), format: undefined });
      continue;
    }
    try {
      if ((await stat(path)).isDirectory()) {
        const found: string[] = [];
        await walk(path, found);
        if (found.length === 0) throw badRequest(`cannot read ${path}: the folder holds no .yaml, .yml or .json file`);
        for (const file of found) files.push({ name: file, text: await readFile(file, 'utf8'), format: formatOf(file) });
      } else {
        files.push({ name: path, text: await readFile(path, 'utf8'), format: formatOf(path) });
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
