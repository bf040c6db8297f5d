// `npm run build:playground`: the browser playground as static files in dist/playground/ — the page,
// its script and styles bundled by esbuild for the browser, the engine's WASM beside them, and the
// examples/ folders compiled into the script (the page fetches nothing but itself and tpe.wasm).
import { copyFile, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Example } from './examples.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const here = join(root, 'surfaces/playground');
const out = join(root, 'dist/playground');

/** Every folder of examples/ that holds manifests directly: one simulation each (three-zone-web has two). */
async function readExamples(): Promise<Example[]> {
  const examples: Example[] = [];
  const walk = async (dir: string, readme: string | null): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1));
    const ownReadme = entries.some((e) => e.name === 'README.md') ? await readFile(join(dir, 'README.md'), 'utf8') : null;
    const text = ownReadme ?? readme;
    const manifests = entries.filter((e) => e.isFile() && /\.(ya?ml|json)$/.test(e.name));
    if (manifests.length > 0 && text !== null) {
      const files = await Promise.all(manifests.map(async (e) => ({ name: e.name, text: await readFile(join(dir, e.name), 'utf8') })));
      examples.push({ id: relative(join(root, 'examples'), dir), ...describe(text), files });
    }
    for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name), text);
  };
  const top = (await readdir(join(root, 'examples'), { withFileTypes: true })).filter((e) => e.isDirectory());
  for (const e of top.sort((a, b) => (a.name < b.name ? -1 : 1))) await walk(join(root, 'examples', e.name), null);
  return examples;
}

/** The README's title and first paragraph, as plain text. */
function describe(readme: string): { title: string; summary: string } {
  const lines = readme.split('\n');
  const title = (lines.find((l) => l.startsWith('# ')) ?? '# example').slice(2).replace(/`/g, '');
  const body = lines.slice(lines.findIndex((l) => l.startsWith('# ')) + 1);
  const start = body.findIndex((l) => l.trim() !== '');
  const end = body.findIndex((l, i) => i > start && l.trim() === '');
  const summary = body
    .slice(start, end === -1 ? undefined : end)
    .join(' ')
    .replace(/\[([^\]]+)\]\([^)]+\)/g, '$1')
    .replace(/[`*]/g, '');
  return { title, summary };
}

export async function buildPlayground(): Promise<void> {
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const examples = await readExamples();
  await build({
    entryPoints: { app: join(here, 'main.ts') },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    outdir: out,
    define: { __EXAMPLES__: JSON.stringify(examples) },
    logLevel: 'warning',
  });
  await copyFile(join(here, 'index.html'), join(out, 'index.html'));
  await copyFile(join(here, 'style.css'), join(out, 'style.css'));
  await copyFile(join(root, 'node_modules/uplot/dist/uPlot.min.css'), join(out, 'uplot.css'));
  await copyFile(join(root, 'build/tpe.wasm'), join(out, 'tpe.wasm'));
  await writeFile(
    join(out, 'README.txt'),
    'The tpe playground. Serve this folder over http (a file:// page cannot fetch tpe.wasm):\n  npx serve dist/playground   or   python3 -m http.server -d dist/playground 8000\n',
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await buildPlayground();
