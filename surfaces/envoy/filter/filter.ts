// tpe's Envoy filter: a proxy-wasm (ABI 0.2.1) HTTP filter that decides, on the node it runs on, as
// kube-proxy there would — with the engine's own code (assembly/), from a compiled cluster image.
//   route          → x-gateway-destination-endpoint: ip:port (Envoy's override-host load balancing reads it)
//   drop / reject  → a local 503 whose body is the Status tpe serve's pick route answers
//   no such Service → the request passes untouched
// The image comes inline in the plugin configuration and/or from tpe serve on a timer (proxy_http_call
// with If-None-Match); a refused image or a failed fetch keeps the last good one.
// Memory: the engine's parameter block is at assembly/abi.ts PARAMS_PTR (1024, 160 bytes); this
// module's own data starts at asconfig.json's memoryBase (2048) and its heap after that, so the two
// never meet and assembly/ compiles into this target unchanged.
import {
  OK, LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR, BUFFER_HTTP_CALL_RESPONSE_BODY, BUFFER_PLUGIN_CONFIGURATION,
  MAP_REQUEST_HEADERS, MAP_HTTP_CALL_RESPONSE_HEADERS, ACTION_CONTINUE, ACTION_PAUSE, proxy_get_buffer_bytes,
  proxy_get_header_map_value, proxy_replace_header_map_value, proxy_send_local_response, proxy_get_property,
  proxy_get_current_time_nanoseconds, proxy_set_tick_period_milliseconds, proxy_http_call,
} from './host';
import {
  RETURN_DATA, RETURN_SIZE, returnedData, returnedSize, release, ascii, asciiLen, put, putBytes, putByte, putU32,
  putU32LE, textStart, textData, textLen, copyOf,
} from './bytes';
import { logStart, logEnd, logLine } from './log';
import {
  parseConfig, commitConfig, discardConfig, config, pendingSlot, error, errorField, unknownPtr, unknownLen,
  C_NODE, C_MODE, C_IMAGE, C_FETCH, C_CLUSTER, C_AUTHORITY, C_PATH, C_INTERVAL, C_TIMEOUT, MODE_EXTERNAL,
} from './config';
import { decodeBase64, decodedLength } from './base64';
import {
  image, loadImage, loadError, unloadImage, imageMatches, findPort, verdictOf, candidateKey, keyLength, portWord,
  imageWord, H_REVISION, VERDICT_ROUTE, VERDICT_DROP, VERDICT_REJECT, PORT_DROP_BODY, PORT_REJECT_BODY, PORT_AFFINITY,
} from './image';
import { pick, reserveAffinity, seed } from './pick';

export function proxy_abi_version_0_2_1(): void {}

export function malloc(size: usize): usize {
  return heap.alloc(size > 0 ? size : 1);
}

export function proxy_on_memory_allocate(size: usize): usize {
  return heap.alloc(size > 0 ? size : 1);
}

const TIME: usize = memory.data(8);
function nowNanos(): u64 {
  store<u64>(TIME, 0);
  proxy_get_current_time_nanoseconds(TIME);
  return load<u64>(TIME);
}

export function proxy_on_context_create(contextId: u32, parentContextId: u32): void {}

export function proxy_on_vm_start(rootContextId: u32, vmConfigurationSize: usize): bool {
  seed(nowNanos());
  return true;
}

// --- configuration

function putRevision(): void {
  if (image == 0) put('none yet');
  else {
    put('revision ');
    putU32(imageWord(H_REVISION));
  }
}

function refuseConfig(): bool {
  logStart();
  put('plugin configuration refused: ');
  if (errorField.length > 0) {
    put(errorField);
    put(' ');
  }
  if (unknownLen > 0) {
    put('unknown field "');
    putBytes(unknownPtr, unknownLen);
    put('" (fields: node, mode, image, fetch; fetch: cluster, authority, path, interval_ms, timeout_ms)');
  } else put(error);
  logEnd(LOG_ERROR);
  return false;
}

let pendingCall: u32 = 0;
let tickPeriod: u32 = 0;

/** Until the first image arrives requests pass undecided: ask every second, then every interval. */
const FIRST_FETCH_MS: u32 = 1000;
function setTickPeriod(): void {
  let period: u32 = 0;
  if (config(C_FETCH) != 0) period = image == 0 && config(C_INTERVAL) > FIRST_FETCH_MS ? FIRST_FETCH_MS : config(C_INTERVAL);
  if (period != tickPeriod) {
    proxy_set_tick_period_milliseconds(period);
    tickPeriod = period;
  }
}
let etag: usize = 0;
let etagLen: usize = 0;

function forgetEtag(): void {
  if (etag != 0) heap.free(etag);
  etag = 0;
  etagLen = 0;
}

export function proxy_on_configure(rootContextId: u32, size: usize): bool {
  if (size == 0) {
    logLine(LOG_ERROR, 'plugin configuration refused: it is empty; expected JSON with node and image or fetch');
    return false;
  }
  if (proxy_get_buffer_bytes(BUFFER_PLUGIN_CONFIGURATION, 0, size, RETURN_DATA, RETURN_SIZE) != OK) {
    logLine(LOG_ERROR, 'plugin configuration refused: the host did not hand it over');
    return false;
  }
  const data = returnedData();
  const ok = parseConfig(data, returnedSize());
  release(data);
  if (!ok) return refuseConfig();
  const nodePtr = <usize>pendingSlot(C_NODE);
  const nodeLen = <usize>pendingSlot(C_NODE + 1);
  const mode = pendingSlot(C_MODE);
  if (pendingSlot(C_IMAGE + 1) != 0) {
    const img = decodeBase64(<usize>pendingSlot(C_IMAGE), <usize>pendingSlot(C_IMAGE + 1));
    if (img == 0) {
      discardConfig();
      logLine(LOG_ERROR, 'plugin configuration refused: image is not base64 (encode tpe compile\'s output with base64 -w0)');
      return false;
    }
    if (!loadImage(img, decodedLength, nodePtr, nodeLen, mode)) {
      heap.free(img);
      discardConfig();
      logStart();
      put('plugin configuration refused: image: ');
      put(loadError);
      logEnd(LOG_ERROR);
      return false;
    }
    forgetEtag();
  } else if (image != 0 && !imageMatches(nodePtr, nodeLen, mode)) {
    unloadImage();
    forgetEtag();
  }
  commitConfig();
  pendingCall = 0;
  setTickPeriod();
  // Everything the request path needs is allocated here: it never grows memory itself.
  reserveAffinity();
  jsonHeaders();
  logStart();
  put('configured for node ');
  putBytes(<usize>config(C_NODE), <usize>config(C_NODE + 1));
  put(config(C_MODE) == MODE_EXTERNAL ? ' (external traffic), image ' : ' (internal traffic), image ');
  putRevision();
  if (config(C_FETCH) != 0) {
    put(', fetching ');
    putBytes(<usize>config(C_PATH), <usize>config(C_PATH + 1));
    put(' from cluster ');
    putBytes(<usize>config(C_CLUSTER), <usize>config(C_CLUSTER + 1));
    put(' every ');
    putU32(config(C_INTERVAL));
    put(' ms');
  }
  logEnd(LOG_INFO);
  return true;
}

// --- following the cluster: GET the image on every tick, If-None-Match the last one

/** A header map in the spec's serialization: pairs added, then serialized into the text buffer. */
let pairs: u32 = 0;
const PAIR_BYTES: usize = 16; // 8 pairs at most
const PAIRS: usize = memory.data(128);

/** A pair whose value is bytes (`literal` 0) or a literal (`value` 0). */
function addPair(key: string, value: usize, valueLen: usize, literal: string | null = null): void {
  const at = PAIRS + <usize>pairs * PAIR_BYTES;
  store<u32>(at, changetype<u32>(key));
  store<u32>(at + 4, value);
  store<u32>(at + 8, literal === null ? <u32>valueLen : <u32>asciiLen(literal));
  store<u32>(at + 12, changetype<u32>(literal));
  pairs++;
}

function serializePairs(): void {
  textStart();
  putU32LE(pairs);
  for (let i: u32 = 0; i < pairs; i++) {
    const at = PAIRS + <usize>i * PAIR_BYTES;
    putU32LE(<u32>asciiLen(changetype<string>(load<u32>(at))));
    putU32LE(load<u32>(at + 8));
  }
  for (let i: u32 = 0; i < pairs; i++) {
    const at = PAIRS + <usize>i * PAIR_BYTES;
    put(changetype<string>(load<u32>(at)));
    putByte(0);
    const literal = load<u32>(at + 12);
    if (literal != 0) put(changetype<string>(literal));
    else putBytes(<usize>load<u32>(at + 4), <usize>load<u32>(at + 8));
    putByte(0);
  }
}

export function proxy_on_tick(rootContextId: u32): void {
  if (config(C_FETCH) == 0 || pendingCall != 0) return;
  pairs = 0;
  addPair(':method', 0, 0, 'GET');
  addPair(':path', <usize>config(C_PATH), <usize>config(C_PATH + 1));
  addPair(':authority', <usize>config(C_AUTHORITY), <usize>config(C_AUTHORITY + 1));
  addPair('accept', 0, 0, 'application/octet-stream');
  if (etagLen > 0) addPair('if-none-match', etag, etagLen);
  serializePairs();
  const headers = copyOf(textData(), textLen);
  const headersLen = textLen;
  const status = proxy_http_call(
    <usize>config(C_CLUSTER), <usize>config(C_CLUSTER + 1), headers, headersLen, 0, 0, 0, 0, config(C_TIMEOUT), RETURN_DATA,
  );
  heap.free(headers);
  if (status == OK) {
    pendingCall = load<u32>(RETURN_DATA);
    // Call id 0 is a valid id: keep "a call is in flight" apart from it.
    pendingCall |= 0x80000000;
    return;
  }
  logStart();
  put('image fetch could not be sent (proxy_http_call status ');
  putU32(status);
  put('; is cluster ');
  putBytes(<usize>config(C_CLUSTER), <usize>config(C_CLUSTER + 1));
  put(' defined?); keeping image ');
  putRevision();
  logEnd(LOG_WARN);
}

function keepingLast(): void {
  put('; keeping image ');
  putRevision();
  logEnd(LOG_WARN);
}

/** The value of a response header as a decimal number, or 0. */
function responseStatus(): u32 {
  if (proxy_get_header_map_value(MAP_HTTP_CALL_RESPONSE_HEADERS, ascii(':status'), 7, RETURN_DATA, RETURN_SIZE) != OK) return 0;
  const p = returnedData();
  const n = returnedSize();
  let v: u32 = 0;
  for (let i: usize = 0; i < n && i < 3; i++) {
    const c = <u32>load<u8>(p + i);
    if (c < 0x30 || c > 0x39) {
      v = 0;
      break;
    }
    v = v * 10 + c - 0x30;
  }
  release(p);
  return v;
}

export function proxy_on_http_call_response(rootContextId: u32, callId: u32, headers: u32, bodySize: usize, trailers: u32): void {
  if ((callId | 0x80000000) != pendingCall) return;
  pendingCall = 0;
  if (headers == 0) {
    logStart();
    put('image fetch failed (no response: connection failure or timeout)');
    return keepingLast();
  }
  const status = responseStatus();
  if (status == 304) {
    logLine(LOG_DEBUG, 'image unchanged (304)');
    return;
  }
  if (status != 200) {
    logStart();
    put('image fetch answered HTTP ');
    putU32(status);
    return keepingLast();
  }
  if (bodySize == 0 || proxy_get_buffer_bytes(BUFFER_HTTP_CALL_RESPONSE_BODY, 0, bodySize, RETURN_DATA, RETURN_SIZE) != OK) {
    logStart();
    put('image fetch answered an empty body');
    return keepingLast();
  }
  const img = returnedData();
  if (!loadImage(img, returnedSize(), <usize>config(C_NODE), <usize>config(C_NODE + 1), config(C_MODE))) {
    release(img);
    logStart();
    put('fetched image refused: ');
    put(loadError);
    return keepingLast();
  }
  forgetEtag();
  setTickPeriod();
  if (proxy_get_header_map_value(MAP_HTTP_CALL_RESPONSE_HEADERS, ascii('etag'), 4, RETURN_DATA, RETURN_SIZE) == OK) {
    if (returnedSize() <= 256) {
      etag = returnedData();
      etagLen = returnedSize();
    } else release(returnedData());
  }
  logStart();
  put('image ');
  putRevision();
  put(' loaded');
  logEnd(LOG_INFO);
}

// --- the request path

const AUTHORITY: usize = memory.data(256);
const SOURCE_ADDRESS: usize = memory.data(16);
const JSON_HEADERS: usize = memory.data(64);
let jsonHeadersLen: usize = 0;

function clientAddress(): usize {
  // Property path segments are NUL-separated: source.address.
  const path = ascii('source.address');
  store<u8>(path + 6, 0);
  if (proxy_get_property(path, 14, RETURN_DATA, RETURN_SIZE) != OK) return 0;
  return returnedData();
}

/** The IP of "ip:port" / "[ip]:port" at `p`: its length (the IP starts at `clientStart`). */
let clientStart: usize = 0;
function clientIpLength(p: usize, n: usize): usize {
  if (n > 0 && load<u8>(p) == 0x5b) {
    for (let i: usize = 1; i < n; i++) {
      if (load<u8>(p + i) == 0x5d) {
        clientStart = p + 1;
        return i - 1;
      }
    }
    return 0;
  }
  clientStart = p;
  let colon = n;
  for (let i: usize = 0; i < n; i++) if (load<u8>(p + i) == 0x3a) colon = i;
  return colon;
}

/** The local 503's headers, serialized once. */
function jsonHeaders(): void {
  if (jsonHeadersLen != 0) return;
  pairs = 0;
  addPair('content-type', 0, 0, 'application/json');
  serializePairs();
  memory.copy(JSON_HEADERS, textData(), textLen);
  jsonHeadersLen = textLen;
}

function sendUnavailable(p: u32, verdict: u32): void {
  const slot = verdict == VERDICT_DROP ? PORT_DROP_BODY : PORT_REJECT_BODY;
  // Envoy's response code details: one token, no spaces.
  const details = verdict == VERDICT_DROP ? 'tpe_drop' : 'tpe_reject';
  proxy_send_local_response(
    503, ascii(details), asciiLen(details), image + <usize>portWord(p, slot), <usize>portWord(p, slot + 1), JSON_HEADERS, jsonHeadersLen, -1,
  );
}

export function proxy_on_request_headers(contextId: u32, headers: u32, endOfStream: bool): u32 {
  if (image == 0) return ACTION_CONTINUE;
  if (proxy_get_header_map_value(MAP_REQUEST_HEADERS, ascii(':authority'), 10, RETURN_DATA, RETURN_SIZE) != OK) return ACTION_CONTINUE;
  const value = returnedData();
  const n = returnedSize();
  if (n == 0 || n > 255) {
    release(value);
    return ACTION_CONTINUE;
  }
  for (let i: usize = 0; i < n; i++) {
    const c = load<u8>(value + i);
    store<u8>(AUTHORITY + i, c >= 0x41 && c <= 0x5a ? c + 32 : c);
  }
  release(value);
  const port = findPort(AUTHORITY, n);
  if (port < 0) return ACTION_CONTINUE;
  const p = <u32>port;
  const verdict = verdictOf(p);
  if (verdict == VERDICT_ROUTE) {
    let address: usize = 0;
    let ipLen: usize = 0;
    if (portWord(p, PORT_AFFINITY) != 0) {
      address = clientAddress();
      if (address != 0) ipLen = clientIpLength(address, returnedSize());
    }
    const chosen = pick(p, ipLen > 0 ? clientStart : 0, ipLen, nowNanos() / 1000000);
    release(address);
    const key = candidateKey(p, chosen);
    const header = 'x-gateway-destination-endpoint';
    proxy_replace_header_map_value(MAP_REQUEST_HEADERS, ascii(header), asciiLen(header), key, keyLength);
    return ACTION_CONTINUE;
  }
  if (verdict == VERDICT_DROP || verdict == VERDICT_REJECT) {
    sendUnavailable(p, verdict);
    return ACTION_PAUSE;
  }
  return ACTION_CONTINUE;
}

export function proxy_on_done(contextId: u32): bool {
  return true;
}

export function proxy_on_log(contextId: u32): void {}

export function proxy_on_delete(contextId: u32): void {}
