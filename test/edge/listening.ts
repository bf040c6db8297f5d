// The TCP sockets a process listens on, from Linux's /proc: its socket inodes (/proc/PID/fd) matched
// against the kernel's tables of listening sockets (/proc/net/tcp and tcp6, state 0A).
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export function listeningAddresses(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]!);
    } catch {
      // The descriptor closed while listing.
    }
  }
  const out: string[] = [];
  for (const [table, v6] of [
    ['/proc/net/tcp', false],
    ['/proc/net/tcp6', true],
  ] as const) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[3] !== '0A' || !inodes.has(f[9]!)) continue;
      const [hexAddr, hexPort] = f[1]!.split(':');
      out.push(`${v6 ? ipv6(hexAddr!) : ipv4(hexAddr!)}:${parseInt(hexPort!, 16)}`);
    }
  }
  return out.sort();
}

/** /proc prints an IPv4 address as one little-endian 32-bit word. */
const ipv4 = (hex: string) => [3, 2, 1, 0].map((i) => parseInt(hex.slice(i * 2, i * 2 + 2), 16)).join('.');

/** …and an IPv6 address as four such words. */
function ipv6(hex: string): string {
  const bytes: number[] = [];
  for (let w = 0; w < 4; w++) for (const i of [3, 2, 1, 0]) bytes.push(parseInt(hex.slice(w * 8 + i * 2, w * 8 + i * 2 + 2), 16));
  const groups = Array.from({ length: 8 }, (_, g) => ((bytes[g * 2]! << 8) | bytes[g * 2 + 1]!).toString(16));
  return `[${groups.join(':')}]`;
}
