// The proxy-wasm ABI 0.2.1 host functions the filter calls (spec: abi-versions/v0.2.1). Only these:
// a host refuses a module that imports a function it does not provide, so the list stays short.
export const OK: u32 = 0;
export const NOT_FOUND: u32 = 1;

export const LOG_DEBUG: u32 = 1;
export const LOG_INFO: u32 = 2;
export const LOG_WARN: u32 = 3;
export const LOG_ERROR: u32 = 4;

export const BUFFER_HTTP_CALL_RESPONSE_BODY: u32 = 4;
export const BUFFER_PLUGIN_CONFIGURATION: u32 = 7;

export const MAP_REQUEST_HEADERS: u32 = 0;
export const MAP_HTTP_CALL_RESPONSE_HEADERS: u32 = 6;

export const ACTION_CONTINUE: u32 = 0;
export const ACTION_PAUSE: u32 = 1;

@external("env", "proxy_log")
export declare function proxy_log(level: u32, message: usize, size: usize): u32;

@external("env", "proxy_get_buffer_bytes")
export declare function proxy_get_buffer_bytes(buffer: u32, start: usize, maxSize: usize, returnData: usize, returnSize: usize): u32;

@external("env", "proxy_get_header_map_value")
export declare function proxy_get_header_map_value(map: u32, key: usize, keySize: usize, returnData: usize, returnSize: usize): u32;

@external("env", "proxy_replace_header_map_value")
export declare function proxy_replace_header_map_value(map: u32, key: usize, keySize: usize, value: usize, valueSize: usize): u32;

@external("env", "proxy_send_local_response")
export declare function proxy_send_local_response(
  statusCode: u32, details: usize, detailsSize: usize, body: usize, bodySize: usize, headers: usize, headersSize: usize, grpcStatus: i32,
): u32;

@external("env", "proxy_get_property")
export declare function proxy_get_property(path: usize, pathSize: usize, returnData: usize, returnSize: usize): u32;

@external("env", "proxy_get_current_time_nanoseconds")
export declare function proxy_get_current_time_nanoseconds(returnTime: usize): u32;

@external("env", "proxy_set_tick_period_milliseconds")
export declare function proxy_set_tick_period_milliseconds(period: u32): u32;

@external("env", "proxy_http_call")
export declare function proxy_http_call(
  upstream: usize, upstreamSize: usize, headers: usize, headersSize: usize, body: usize, bodySize: usize,
  trailers: usize, trailersSize: usize, timeout: u32, returnCallId: usize,
): u32;
