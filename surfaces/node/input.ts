// Where the CLI's request comes from: a file (format by extension, else sniffed) or stdin (sniffed).
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parseRequestText } from '../../host/objects/parse.js';
import { badRequest } from '../../host/objects/status.js';

const FORMATS: Readonly<Record<string, 'json' | 'yaml'>> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml' };

/** The one request document in `file` (`-` for stdin); unreadable input is a BadRequest Status. */
export async function readRequestFile(file: string): Promise<unknown> {
  if (file === '-') {
    // Waiting on a terminal looks like a hang; say what is expected instead.
    if (process.stdin.isTTY) throw badRequest('no request given: name a FILE or pipe a request on stdin (see tpe categorize --help)');
    return parseRequestText(await readStdin(), undefined, 'stdin');
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw badRequest(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseRequestText(text, FORMATS[extname(file).toLowerCase()], file);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
