// The engine as the app sees it: a promise tracked so /readyz answers synchronously and a failed
// load becomes a 503 Status on every route that needs the engine, never an unhandled rejection.
import type { Engine } from '../engine/engine.js';
import { statusError, type Status } from '../objects/status.js';

export interface EngineState {
  readonly ready: boolean;
  /** The engine, or a 503 Status when it failed to load. */
  loaded(): Promise<Engine>;
  notReadyStatus(): Status;
}

export function watchEngine(source: Engine | Promise<Engine>): EngineState {
  // A loaded engine is ready at once, not a turn of the event loop later (an app made inside a request).
  let engine: Engine | undefined = source instanceof Promise ? undefined : source;
  let failure: string | undefined;
  const settled = Promise.resolve(source).then(
    (e) => {
      engine = e;
    },
    (e: unknown) => {
      failure = e instanceof Error ? e.message : String(e);
    },
  );
  return {
    get ready() {
      return engine !== undefined;
    },
    async loaded() {
      // Once loaded, answer without another turn of the event loop.
      if (engine) return engine;
      await settled;
      if (engine) return engine;
      throw unavailable(failure);
    },
    notReadyStatus: () => unavailable(failure).status,
  };
}

function unavailable(failure: string | undefined) {
  const message = failure === undefined ? 'the engine is still loading' : `the engine failed to load: ${failure}`;
  return statusError('ServiceUnavailable', 503, message);
}
