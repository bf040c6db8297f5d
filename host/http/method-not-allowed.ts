// 405 MethodNotAllowed, answered where a 404 would be: Hono calls the not-found handler when no
// route matches the method and path, and only then is it worth asking which methods the path has.
// (hono/method-not-allowed does the same as a middleware, which every request would pass through.)
// The Allow list is the one that middleware makes: each path's methods in registration order, HEAD
// after GET.
import { TrieRouter } from 'hono/router/trie-router';
import type { App } from './routes/context.js';

/** The methods `app` answers on `path`, empty when it has no route there; built on first use. */
export function allowedMethods(app: App): (path: string) => string[] {
  let router: TrieRouter<string[]> | undefined;
  return (path) => {
    if (!router) {
      const byPath = new Map<string, Set<string>>();
      for (const route of app.routes) {
        if (route.method === 'ALL' || route.method === 'HEAD') continue;
        const methods = byPath.get(route.path) ?? new Set();
        methods.add(route.method);
        if (route.method === 'GET') methods.add('HEAD');
        byPath.set(route.path, methods);
      }
      router = new TrieRouter();
      for (const [p, methods] of byPath) router.add('ALL', p, [...methods]);
    }
    const allowed = new Set<string>();
    for (const [methods] of router.match('ALL', path)[0]) for (const method of methods) allowed.add(method);
    return [...allowed];
  };
}
