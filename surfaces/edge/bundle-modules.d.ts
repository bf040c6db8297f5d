// What surfaces/edge/build.ts resolves at bundle time, and the runtime globals the entries touch
// (declared here, not from each runtime's type package, so the repository type-checks with Node's).

/** The build's snapshot, version and era (host/http/built-in.ts). */
declare module 'tpe-edge:built-in' {
  const bundle: import('../../host/http/built-in.js').BuiltInBundle;
  export default bundle;
}

/** The engine's bytes, inlined into the bundle. */
declare module 'tpe-edge:engine-bytes' {
  const bytes: Uint8Array;
  export default bytes;
}

/** The engine as a module workerd compiled from the `wasm` module of its config (never from bytes). */
declare module 'tpe-edge:engine-module' {
  const module: WebAssembly.Module;
  export default module;
}

declare const Deno: {
  env: { get(name: string): string | undefined };
};

declare const Bun: {
  argv: string[];
  env: Record<string, string | undefined>;
  serve(options: { hostname: string; port: number; fetch: (request: Request, server: object) => Response | Promise<Response> }): {
    url: URL;
    stop(closeActiveConnections?: boolean): Promise<void>;
  };
};
