import type { RouteOptions } from 'fastify';

type HookName = 'onRequest' | 'preValidation' | 'onResponse';

/**
 * Puts `hook` first among a route's own hooks of its kind, from an `onRoute` hook: what a route
 * needs is decided once, as it is added, rather than asked of each request.
 */
export function prependHook<K extends HookName>(route: RouteOptions, name: K, hook: NonNullable<RouteOptions[K]> extends infer H ? (H extends readonly unknown[] ? H[number] : H) : never): void {
  const own: unknown = route[name];
  const list: unknown[] = own === undefined ? [] : Array.isArray(own) ? (own as unknown[]) : [own];
  (route as Record<K, unknown>)[name] = [hook, ...list];
}
