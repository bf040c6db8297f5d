// The plugin configuration, a JSON object (README "Envoy"):
//   {"node": "node-a1", "mode": "internal" | "external", "image": "<base64 of tpe compile's output>",
//    "fetch": {"cluster": "tpe", "authority": "tpe", "path": "/v1/nodes/node-a1/image?mode=internal",
//              "interval_ms": 10000, "timeout_ms": 5000}}
// `node` is required, and `image` or `fetch` (or both: the inline image serves until the first fetch).
// Parsed into PENDING; `commit` makes it ACTIVE only once the whole configuration was accepted.
import { copyOf, literalEquals, put, putBytes, textStart, textData, textLen } from './bytes';

export const C_NODE: u32 = 0; //      ptr, len
export const C_MODE: u32 = 2; //      0 internal, 1 external
export const C_IMAGE: u32 = 3; //     ptr, len of the base64 text (len 0: none)
export const C_FETCH: u32 = 5; //     1 when fetching
export const C_CLUSTER: u32 = 6; //   ptr, len
export const C_AUTHORITY: u32 = 8; // ptr, len
export const C_PATH: u32 = 10; //     ptr, len
export const C_INTERVAL: u32 = 12; // ms
export const C_TIMEOUT: u32 = 13; //  ms
const C_SOURCE: u32 = 14; //          the copy of the configuration every ptr points into
const C_OWNED_PATH: u32 = 15; //      the default path, built here
const SLOTS: u32 = 16;

export const MODE_INTERNAL: u32 = 0;
export const MODE_EXTERNAL: u32 = 1;

const PENDING: usize = memory.data(SLOTS * 4);
const ACTIVE: usize = memory.data(SLOTS * 4);

@inline export function config(slot: u32): u32 { return load<u32>(ACTIVE + (<usize>slot << 2)); }
@inline function pending(slot: u32): u32 { return load<u32>(PENDING + (<usize>slot << 2)); }
@inline function setPending(slot: u32, v: u32): void { store<u32>(PENDING + (<usize>slot << 2), v); }

/** Why the last parse failed, and in which field ("" when the message names it). */
export let error: string = '';
export let errorField: string = '';
/** An unknown field's name, when that was the error. */
export let unknownPtr: usize = 0;
export let unknownLen: usize = 0;

let pos: usize = 0;
let end: usize = 0;
let strPtr: usize = 0;
let strLen: usize = 0;
let number: u64 = 0;

function fail(field: string, message: string): bool {
  errorField = field;
  error = message;
  return false;
}

@inline function peek(): u32 { return pos < end ? <u32>load<u8>(pos) : 0; }

function skipSpace(): void {
  while (pos < end) {
    const c = load<u8>(pos);
    if (c != 0x20 && c != 0x09 && c != 0x0a && c != 0x0d) return;
    pos++;
  }
}

function expect(c: u32): bool {
  skipSpace();
  if (peek() != c) return false;
  pos++;
  return true;
}

/** A JSON string without escapes (names, paths and base64 never need one). */
function readString(field: string): bool {
  skipSpace();
  if (peek() != 0x22) return fail(field, 'must be a string');
  pos++;
  strPtr = pos;
  while (pos < end) {
    const c = load<u8>(pos);
    if (c == 0x22) {
      strLen = pos - strPtr;
      pos++;
      return true;
    }
    if (c == 0x5c) return fail(field, 'must be a string without escape sequences');
    if (c < 0x20) return fail(field, 'must be a string without control characters');
    pos++;
  }
  return fail(field, 'is an unterminated string');
}

function readNumber(field: string, min: u64, max: u64): bool {
  skipSpace();
  const start = pos;
  number = 0;
  while (pos < end && peek() >= 0x30 && peek() <= 0x39 && pos - start < 12) {
    number = number * 10 + <u64>(peek() - 0x30);
    pos++;
  }
  if (pos == start || (peek() >= 0x30 && peek() <= 0x39) || peek() == 0x2e || peek() == 0x65 || peek() == 0x45) {
    return fail(field, 'must be a whole number of milliseconds');
  }
  if (number < min || number > max) return fail(field, 'is out of range (100 to 86400000 for interval_ms, 1 to 600000 for timeout_ms)');
  return true;
}

@inline function keyIs(s: string): bool { return literalEquals(strPtr, strLen, s); }

function unknownField(): bool {
  unknownPtr = strPtr;
  unknownLen = strLen;
  return fail('', 'unknown field');
}

/** A DNS subdomain (RFC 1123), as Kubernetes names nodes. */
function validNodeName(ptr: usize, len: usize): bool {
  if (len == 0 || len > 253) return false;
  for (let i: usize = 0; i < len; i++) {
    const c = load<u8>(ptr + i);
    const alnum = (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39);
    if (!alnum && c != 0x2d && c != 0x2e) return false;
    if ((i == 0 || i == len - 1) && !alnum) return false;
  }
  return true;
}

function readFetch(): bool {
  if (!expect(0x7b)) return fail('fetch', 'must be an object');
  setPending(C_FETCH, 1);
  setPending(C_INTERVAL, 10000);
  setPending(C_TIMEOUT, 5000);
  skipSpace();
  if (peek() == 0x7d) {
    pos++;
    return fail('fetch.cluster', 'is required: the Envoy cluster that reaches tpe serve');
  }
  while (true) {
    if (!readString('fetch')) return fail('fetch', 'must have string keys');
    if (!expect(0x3a)) return fail('fetch', 'is not valid JSON (expected ":")');
    if (keyIs('cluster')) {
      if (!readString('fetch.cluster')) return false;
      setPending(C_CLUSTER, <u32>strPtr);
      setPending(C_CLUSTER + 1, <u32>strLen);
    } else if (keyIs('authority')) {
      if (!readString('fetch.authority')) return false;
      setPending(C_AUTHORITY, <u32>strPtr);
      setPending(C_AUTHORITY + 1, <u32>strLen);
    } else if (keyIs('path')) {
      if (!readString('fetch.path')) return false;
      if (strLen == 0 || load<u8>(strPtr) != 0x2f) return fail('fetch.path', 'must start with "/"');
      setPending(C_PATH, <u32>strPtr);
      setPending(C_PATH + 1, <u32>strLen);
    } else if (keyIs('interval_ms')) {
      if (!readNumber('fetch.interval_ms', 100, 86400000)) return false;
      setPending(C_INTERVAL, <u32>number);
    } else if (keyIs('timeout_ms')) {
      if (!readNumber('fetch.timeout_ms', 1, 600000)) return false;
      setPending(C_TIMEOUT, <u32>number);
    } else return unknownField();
    if (expect(0x2c)) continue;
    if (expect(0x7d)) break;
    return fail('fetch', 'is not valid JSON (expected "," or "}")');
  }
  if (pending(C_CLUSTER + 1) == 0) return fail('fetch.cluster', 'is required: the Envoy cluster that reaches tpe serve');
  return true;
}

function readTop(): bool {
  if (!expect(0x7b)) return fail('', 'the configuration must be a JSON object');
  skipSpace();
  if (peek() == 0x7d) {
    pos++;
  } else {
    while (true) {
      if (!readString('')) return fail('', 'the configuration is not valid JSON (expected a string key)');
      if (!expect(0x3a)) return fail('', 'the configuration is not valid JSON (expected ":")');
      if (keyIs('node')) {
        if (!readString('node')) return false;
        if (!validNodeName(strPtr, strLen)) return fail('node', 'must be a Node name (lower-case letters, digits, "-" and ".")');
        setPending(C_NODE, <u32>strPtr);
        setPending(C_NODE + 1, <u32>strLen);
      } else if (keyIs('mode')) {
        if (!readString('mode')) return false;
        if (literalEquals(strPtr, strLen, 'internal')) setPending(C_MODE, MODE_INTERNAL);
        else if (literalEquals(strPtr, strLen, 'external')) setPending(C_MODE, MODE_EXTERNAL);
        else return fail('mode', 'must be "internal" (sidecar or node proxy: ClusterIP traffic) or "external" (ingress: NodePort, load-balancer and external IPs)');
      } else if (keyIs('image')) {
        if (!readString('image')) return false;
        if (strLen == 0) return fail('image', 'is empty: give the base64 of tpe compile\'s output, or leave it out and use fetch');
        setPending(C_IMAGE, <u32>strPtr);
        setPending(C_IMAGE + 1, <u32>strLen);
      } else if (keyIs('fetch')) {
        if (!readFetch()) return false;
      } else return unknownField();
      if (expect(0x2c)) continue;
      if (expect(0x7d)) break;
      return fail('', 'the configuration is not valid JSON (expected "," or "}")');
    }
  }
  skipSpace();
  if (pos != end) return fail('', 'the configuration has text after its JSON object');
  if (pending(C_NODE + 1) == 0) return fail('node', 'is required: the Node this Envoy runs on');
  if (pending(C_IMAGE + 1) == 0 && pending(C_FETCH) == 0) return fail('', 'neither image nor fetch is given: the filter has no cluster to decide from');
  return true;
}

/**
 * Parses `len` bytes at `data` into PENDING (the bytes are copied: every field points into the copy).
 * False with `error`/`errorField` set when the configuration is refused; PENDING is then discarded.
 */
export function parseConfig(data: usize, len: usize): bool {
  memory.fill(PENDING, 0, SLOTS * 4);
  const source = copyOf(data, len);
  setPending(C_SOURCE, <u32>source);
  pos = source;
  end = source + len;
  error = '';
  errorField = '';
  if (!readTop()) {
    heap.free(source);
    return false;
  }
  if (pending(C_FETCH) != 0) {
    if (pending(C_AUTHORITY + 1) == 0) {
      setPending(C_AUTHORITY, pending(C_CLUSTER));
      setPending(C_AUTHORITY + 1, pending(C_CLUSTER + 1));
    }
    if (pending(C_PATH + 1) == 0) {
      textStart();
      put('/v1/nodes/');
      putBytes(<usize>pending(C_NODE), <usize>pending(C_NODE + 1));
      put(pending(C_MODE) == MODE_EXTERNAL ? '/image?mode=external' : '/image?mode=internal');
      const path = copyOf(textData(), textLen);
      setPending(C_OWNED_PATH, <u32>path);
      setPending(C_PATH, <u32>path);
      setPending(C_PATH + 1, <u32>textLen);
    }
  }
  return true;
}

/** PENDING becomes ACTIVE; the configuration it replaces is freed. */
export function commitConfig(): void {
  if (config(C_SOURCE) != 0) heap.free(<usize>config(C_SOURCE));
  if (config(C_OWNED_PATH) != 0) heap.free(<usize>config(C_OWNED_PATH));
  memory.copy(ACTIVE, PENDING, SLOTS * 4);
  memory.fill(PENDING, 0, SLOTS * 4);
}

/** PENDING is dropped (its image was refused). */
export function discardConfig(): void {
  if (pending(C_SOURCE) != 0) heap.free(<usize>pending(C_SOURCE));
  if (pending(C_OWNED_PATH) != 0) heap.free(<usize>pending(C_OWNED_PATH));
  memory.fill(PENDING, 0, SLOTS * 4);
}

/** A PENDING slot (the image and the node are checked before the configuration is committed). */
export function pendingSlot(slot: u32): u32 { return pending(slot); }
