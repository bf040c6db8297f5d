// Value formats the API server checks, with upstream's messages (k8s.io/apimachinery
// pkg/util/validation: IsDNS1123Label, IsDNS1123Subdomain, IsDNS1035Label, IsValidPortNum,
// IsValidPortName, IsValidLabelValue, IsQualifiedName; pkg/apis/core/validation ValidateEndpointIP).
// Each check returns the list of messages, empty when the value is valid, as upstream does.
// Pure string code: no runtime APIs, so the playground and Workers bundles can use it.
import type { IPFamily } from './model.js';

const LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const SUBDOMAIN = `${LABEL}(\\.${LABEL})*`;
const DNS1035 = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED})?`;

const LABEL_RE = new RegExp(`^${LABEL}$`);
const SUBDOMAIN_RE = new RegExp(`^${SUBDOMAIN}$`);
const DNS1035_RE = new RegExp(`^${DNS1035}$`);
const QUALIFIED_RE = new RegExp(`^${QUALIFIED}$`);
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE}$`);

/** upstream RegexError: `msg (e.g. 'a', or 'b', regex used for validation is 'fmt')`. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  const eg = examples.map((e) => `'${e}', `).join('or ');
  return `${msg} (e.g. ${eg}regex used for validation is '${fmt}')`;
}

const maxLen = (n: number) => `must be no more than ${n} characters`;

// Validity tests with the same answers as the regexes and length limits above, by char codes.
// Objects are read far more often than they are wrong, and names repeat in every endpoint: each
// check below tests the value with these first and builds its messages only when it fails.

const isLowerAlnum = (c: number) => (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39); // a-z 0-9
const isAlnum = (c: number) => isLowerAlnum(c) || (c >= 0x41 && c <= 0x5a); // and A-Z
const HYPHEN = 0x2d;
const DOT = 0x2e;
const UNDERSCORE = 0x5f;

/** `value[start, end)` matches LABEL: lower-case alphanumerics and '-', alphanumeric at both ends. */
function isLabelAt(value: string, start: number, end: number): boolean {
  if (end <= start || !isLowerAlnum(value.charCodeAt(start)) || !isLowerAlnum(value.charCodeAt(end - 1))) return false;
  for (let i = start + 1; i < end - 1; i++) {
    const c = value.charCodeAt(i);
    if (!isLowerAlnum(c) && c !== HYPHEN) return false;
  }
  return true;
}

/** `value[start, end)` matches SUBDOMAIN: LABELs joined by dots. */
function isSubdomainAt(value: string, start: number, end: number): boolean {
  for (;;) {
    const dot = value.indexOf('.', start);
    const labelEnd = dot < 0 || dot >= end ? end : dot;
    if (!isLabelAt(value, start, labelEnd)) return false;
    if (labelEnd === end) return true;
    start = labelEnd + 1;
  }
}

/** `value[start, end)` matches QUALIFIED: alphanumerics, '-', '_' and '.', alphanumeric at both ends. */
function isQualifiedAt(value: string, start: number, end: number): boolean {
  if (end <= start || !isAlnum(value.charCodeAt(start)) || !isAlnum(value.charCodeAt(end - 1))) return false;
  for (let i = start + 1; i < end - 1; i++) {
    const c = value.charCodeAt(i);
    if (!isAlnum(c) && c !== HYPHEN && c !== UNDERSCORE && c !== DOT) return false;
  }
  return true;
}

/** dns1123Label(value) is empty. */
export const isDNS1123Label = (value: string) => value.length <= 63 && isLabelAt(value, 0, value.length);
/** dns1123Subdomain(value) is empty. */
export const isDNS1123Subdomain = (value: string) => value.length <= 253 && isSubdomainAt(value, 0, value.length);
/** labelValue(value) is empty. */
export const isLabelValue = (value: string) => value === '' || (value.length <= 63 && isQualifiedAt(value, 0, value.length));

/** qualifiedName(value) is empty: `[prefix/]name`, the prefix a DNS subdomain. */
export function isQualifiedName(value: string): boolean {
  const slash = value.indexOf('/');
  const nameStart = slash + 1;
  if (slash >= 0 && (slash > 253 || !isSubdomainAt(value, 0, slash))) return false;
  // A second '/' fails isQualifiedAt, as it fails upstream's split.
  return value.length - nameStart <= 63 && isQualifiedAt(value, nameStart, value.length);
}

export function dns1123Label(value: string): string[] {
  if (isDNS1123Label(value)) return [];
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!LABEL_RE.test(value)) {
    errs.push(
      SUBDOMAIN_RE.test(value)
        ? 'must not contain dots'
        : regexError(
            "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
            LABEL,
            'my-name',
            '123-abc',
          ),
    );
  }
  return errs;
}

export function dns1123Subdomain(value: string): string[] {
  if (isDNS1123Subdomain(value)) return [];
  const errs: string[] = [];
  if (value.length > 253) errs.push(maxLen(253));
  if (!SUBDOMAIN_RE.test(value)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errs;
}

export function dns1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!DNS1035_RE.test(value)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
}

/** IsValidPortNum. */
export function portNumber(value: number): string[] {
  return value >= 1 && value <= 65535 ? [] : ['must be between 1 and 65535, inclusive'];
}

/** IsValidPortName: an IANA_SVC_NAME, as a named targetPort must be. */
export function portName(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 15) errs.push(maxLen(15));
  if (!/^[-a-z0-9]+$/.test(value)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(value)) errs.push('must contain at least one letter (a-z)');
  if (value.includes('--')) errs.push('must not contain consecutive hyphens');
  if (value.startsWith('-') || value.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function labelValue(value: string): string[] {
  if (isLabelValue(value)) return [];
  const errs: string[] = [];
  if (value.length > 63) errs.push(maxLen(63));
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(
      regexError(
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
        LABEL_VALUE,
        'MyValue',
        'my_value',
        '12345',
      ),
    );
  }
  return errs;
}

const QUALIFIED_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

/** IsQualifiedName: label keys, `[prefix/]name`. */
export function qualifiedName(value: string): string[] {
  if (isQualifiedName(value)) return [];
  const parts = value.split('/');
  if (parts.length > 2) {
    return [
      `a qualified name ${regexError(QUALIFIED_MSG, QUALIFIED, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  const errs: string[] = [];
  const name = parts.length === 2 ? parts[1]! : parts[0]!;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    if (prefix === '') errs.push('prefix part must be non-empty');
    else errs.push(...dns1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  }
  if (name === '') errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (name !== '' && !QUALIFIED_RE.test(name))
    errs.push(`name part ${regexError(QUALIFIED_MSG, QUALIFIED, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export interface ParsedIP {
  family: IPFamily;
  /** 16 bytes; IPv4 addresses in their IPv4-mapped form, as Go's net.IP holds them. */
  bytes: Uint8Array;
}

/**
 * A dotted quad of 1–3 digit decimal octets, each at most 255, as a number (a.b.c.d →
 * a·2²⁴ + b·2¹⁶ + c·2⁸ + d); -1 when `s` is not one. Scanned by char codes: endpoint addresses
 * are parsed once per endpoint.
 */
function parseIPv4(s: string): number {
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) {
      if (++digits > 3) return -1;
      octet = octet * 10 + (c - 0x30);
    } else if (c === DOT && digits > 0 && dots < 3 && octet <= 255) {
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else {
      return -1;
    }
  }
  return dots === 3 && digits > 0 && octet <= 255 ? value * 256 + octet : -1;
}

/** Writes a parsed IPv4 address into bytes 12–15 (the IPv4-mapped position). */
function setIPv4(bytes: Uint8Array, v4: number): void {
  bytes[12] = v4 >>> 24;
  bytes[13] = (v4 >>> 16) & 0xff;
  bytes[14] = (v4 >>> 8) & 0xff;
  bytes[15] = v4 & 0xff;
}

function parseIPv6(s: string): Uint8Array | null {
  let tail4 = -1;
  if (s.includes('.')) {
    const cut = s.lastIndexOf(':');
    tail4 = parseIPv4(s.slice(cut + 1));
    if (tail4 < 0) return null;
    s = `${s.slice(0, cut + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const all = [...head, ...tail];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  if (halves.length === 1 ? all.length !== 8 : all.length > 7) return null;
  const words = [...head.map((g) => parseInt(g, 16)), ...Array<number>(8 - all.length).fill(0), ...tail.map((g) => parseInt(g, 16))];
  const bytes = new Uint8Array(16);
  words.forEach((w, i) => {
    bytes[2 * i] = w >> 8;
    bytes[2 * i + 1] = w & 0xff;
  });
  if (tail4 >= 0) setIPv4(bytes, tail4);
  return bytes;
}

const isV4Mapped = (b: Uint8Array) => b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/**
 * Go's net.ParseIP (sloppy: IPv4 octets may have leading zeros). An IPv4-mapped IPv6 address
 * counts as IPv4, as Go's `To4() != nil` says.
 */
export function parseIP(value: string): ParsedIP | null {
  const v4 = parseIPv4(value);
  if (v4 >= 0) {
    const bytes = new Uint8Array(16);
    bytes[10] = 0xff;
    bytes[11] = 0xff;
    setIPv4(bytes, v4);
    return { family: 'IPv4', bytes };
  }
  if (!value.includes(':')) return null;
  const bytes = parseIPv6(value);
  if (!bytes) return null;
  return { family: isV4Mapped(bytes) ? 'IPv4' : 'IPv6', bytes };
}

export const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/**
 * ValidateEndpointIP (also used for externalIPs): addresses that make no sense as a destination.
 * `ip` must already be parsed.
 */
export function endpointIP(value: string, ip: ParsedIP): string[] {
  const b = ip.bytes;
  const v4 = ip.family === 'IPv4';
  const errs: string[] = [];
  if (v4 ? b[12] === 0 && b[13] === 0 && b[14] === 0 && b[15] === 0 : b.every((x) => x === 0)) {
    errs.push(`may not be unspecified (${value})`);
  }
  if (v4 ? b[12] === 127 : b.subarray(0, 15).every((x) => x === 0) && b[15] === 1) {
    errs.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  }
  if (v4 ? b[12] === 169 && b[13] === 254 : b[0] === 0xfe && (b[1]! & 0xc0) === 0x80) {
    errs.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  }
  if (v4 ? b[12] === 224 && b[13] === 0 && b[14] === 0 : b[0] === 0xff && (b[1]! & 0x0f) === 0x02) {
    errs.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  }
  return errs;
}

/**
 * `value` is a dotted-quad IPv4 address that endpointIP accepts: the common case of an endpoint
 * address, answered without allocating. False says nothing more: parse and check the slow way.
 */
export function isEndpointIPv4(value: string): boolean {
  const v4 = parseIPv4(value);
  if (v4 < 0) return false;
  const a = v4 >>> 24;
  const b = (v4 >>> 16) & 0xff;
  const c = (v4 >>> 8) & 0xff;
  // The four ranges endpointIP refuses: unspecified, loopback, link-local, link-local multicast.
  return v4 !== 0 && a !== 127 && !(a === 169 && b === 254) && !(a === 224 && b === 0 && c === 0);
}
