// Option parsers shared by the CLI's commands: a bad value is a usage error (exit 2) naming what is allowed.
import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError('must be a port number between 0 and 65535.');
  return port;
}

export function parseByteCount(value: string): number {
  if (!/^[1-9]\d*$/.test(value)) throw new InvalidArgumentError('must be a positive number of bytes.');
  return Number(value);
}

/** `Name=true` / `Name=false`, collected into one object (repeatable option); the era check happens in resolveEra. */
export function collectFeatureGate(value: string, gates: Record<string, boolean> = {}): Record<string, boolean> {
  const m = /^([A-Za-z][A-Za-z0-9]*)=(true|false)$/.exec(value);
  if (!m) throw new InvalidArgumentError('must be Name=true or Name=false, e.g. PreferSameTrafficDistribution=true.');
  return { ...gates, [m[1]!]: m[2] === 'true' };
}
