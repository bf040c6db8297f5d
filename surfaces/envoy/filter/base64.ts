// Standard base64 (RFC 4648, with padding) → bytes: the inline image of the plugin configuration.

function sextet(c: u32): i32 {
  if (c >= 0x41 && c <= 0x5a) return <i32>(c - 0x41);
  if (c >= 0x61 && c <= 0x7a) return <i32>(c - 0x61 + 26);
  if (c >= 0x30 && c <= 0x39) return <i32>(c - 0x30 + 52);
  if (c == 0x2b) return 62;
  if (c == 0x2f) return 63;
  return -1;
}

export let decodedLength: usize = 0;

/** A fresh allocation with the decoded bytes (length in `decodedLength`), or 0 when `src` is not base64. */
export function decodeBase64(src: usize, len: usize): usize {
  if (len == 0 || (len & 3) != 0) return 0;
  let pad: usize = 0;
  if (load<u8>(src + len - 1) == 0x3d) pad++;
  if (load<u8>(src + len - 2) == 0x3d) pad++;
  const outLen = (len >> 2) * 3 - pad;
  const out = heap.alloc(outLen + 3);
  let o: usize = 0;
  for (let i: usize = 0; i < len; i += 4) {
    let v: u32 = 0;
    for (let k: usize = 0; k < 4; k++) {
      const c = <u32>load<u8>(src + i + k);
      let s = sextet(c);
      if (s < 0) {
        if (c != 0x3d || i + 4 != len || k < 4 - pad) {
          heap.free(out);
          return 0;
        }
        s = 0;
      }
      v = (v << 6) | <u32>s;
    }
    store<u8>(out + o, <u8>(v >> 16));
    store<u8>(out + o + 1, <u8>(v >> 8));
    store<u8>(out + o + 2, <u8>v);
    o += 3;
  }
  decodedLength = outLen;
  return out;
}
