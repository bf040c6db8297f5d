// Log lines through proxy_log: `logStart()`, then put… pieces into the text buffer, then `logEnd`.
import { proxy_log } from './host';
import { put, textStart, textData, textLen } from './bytes';

export function logStart(): void {
  textStart();
  put('tpe: ');
}

export function logEnd(level: u32): void {
  proxy_log(level, textData(), textLen);
}

export function logLine(level: u32, message: string): void {
  logStart();
  put(message);
  logEnd(level);
}
