// Where the packaged engine lives for Node: build/tpe.wasm next to the sources, dist/build/tpe.wasm
// next to the compiled JavaScript.
import { readFile } from 'node:fs/promises';

export async function readPackagedWasm(): Promise<Uint8Array> {
  const url = new URL('../../build/tpe.wasm', import.meta.url);
  try {
    return await readFile(url);
  } catch (e) {
    throw new Error(`cannot read the tpe engine at ${url.pathname}: run \`npm run build\` first (${(e as Error).message})`);
  }
}
