// Reading the inputs the host laid out (abi.ts). Tiny inline accessors so the rules read as rules.
import { PARAMS_PTR } from './abi';

@inline export function param(slot: u32): u32 {
  return load<u32>(PARAMS_PTR + (slot << 2));
}

@inline export function setParam(slot: u32, value: u32): void {
  store<u32>(PARAMS_PTR + (slot << 2), value);
}

/** u32 element `i` of the array whose address is in `slot`. */
@inline export function at(slot: u32, i: u32): u32 {
  return load<u32>(param(slot) + (i << 2));
}

@inline export function put(slot: u32, i: u32, value: u32): void {
  store<u32>(param(slot) + (i << 2), value);
}

@inline export function byteAt(slot: u32, i: u32): u8 {
  return load<u8>(param(slot) + i);
}

@inline export function putByte(slot: u32, i: u32, value: u8): void {
  store<u8>(param(slot) + i, value);
}
