// Raw bytes without a managed runtime: the filter allocates only through `heap` (the host's buffers
// come from `malloc` and are freed once read), writes text into one growable buffer, and turns
// AssemblyScript's UTF-16 string literals (always ASCII here) into the bytes the host wants.

/** Where a host function writes the pointer and size of what it returns. */
export const RETURN_DATA: usize = memory.data(8);
export const RETURN_SIZE: usize = RETURN_DATA + 4;

@inline export function returnedData(): usize { return <usize>load<u32>(RETURN_DATA); }
@inline export function returnedSize(): usize { return <usize>load<u32>(RETURN_SIZE); }

/** Frees a buffer the host handed over (a zero pointer is an empty value). */
export function release(ptr: usize): void {
  if (ptr != 0) heap.free(ptr);
}

/** The UTF-8 (ASCII) bytes of a literal, in a small static buffer valid until the next call. */
const LITERAL: usize = memory.data(256);
export function ascii(s: string): usize {
  const n = asciiLen(s);
  const p = changetype<usize>(s);
  for (let i: usize = 0; i < n; i++) store<u8>(LITERAL + i, <u8>load<u16>(p + (i << 1)));
  return LITERAL;
}
@inline export function asciiLen(s: string): usize { return <usize>min(s.length, 256); }

export function bytesEqual(a: usize, aLen: usize, b: usize, bLen: usize): bool {
  return aLen == bLen && memory.compare(a, b, aLen) == 0;
}

/** `a` compared with `b` byte by byte, shorter first on a tie: -1, 0 or 1. */
export function bytesCompare(a: usize, aLen: usize, b: usize, bLen: usize): i32 {
  const n = aLen < bLen ? aLen : bLen;
  const c = memory.compare(a, b, n);
  if (c != 0) return c < 0 ? -1 : 1;
  return aLen == bLen ? 0 : aLen < bLen ? -1 : 1;
}

export function literalEquals(ptr: usize, len: usize, s: string): bool {
  return bytesEqual(ptr, len, ascii(s), asciiLen(s));
}

/** A copy of `len` bytes in a fresh allocation (the caller frees it). */
export function copyOf(ptr: usize, len: usize): usize {
  const out = heap.alloc(len > 0 ? len : 1);
  memory.copy(out, ptr, len);
  return out;
}

// --- one growable text buffer: log lines, header maps, request paths
let textPtr: usize = 0;
let textCap: usize = 0;
export let textLen: usize = 0;

export function textStart(): void {
  textLen = 0;
  if (textCap == 0) {
    textCap = 512;
    textPtr = heap.alloc(textCap);
  }
}
@inline export function textData(): usize { return textPtr; }

function reserve(extra: usize): void {
  if (textLen + extra <= textCap) return;
  let cap = textCap * 2;
  while (cap < textLen + extra) cap *= 2;
  textPtr = heap.realloc(textPtr, cap);
  textCap = cap;
}

export function putBytes(ptr: usize, len: usize): void {
  reserve(len);
  memory.copy(textPtr + textLen, ptr, len);
  textLen += len;
}

export function putByte(b: u8): void {
  reserve(1);
  store<u8>(textPtr + textLen, b);
  textLen += 1;
}

export function put(s: string): void {
  putBytes(ascii(s), asciiLen(s));
}

export function putU32(v: u32): void {
  if (v >= 10) putU32(v / 10);
  putByte(<u8>(48 + (v % 10)));
}

@inline export function putU32LE(v: u32): void {
  reserve(4);
  store<u32>(textPtr + textLen, v);
  textLen += 4;
}
