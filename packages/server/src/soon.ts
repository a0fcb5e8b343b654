/**
 * A value now when it can be had now, or a promise of it. The request path's reads answer at once
 * on SQLite (better-sqlite3 is synchronous): passed along as `Soon`, a call made of them runs from
 * the request's first hook to its reply without a promise, an `async` frame or a turn of the
 * microtask queue.
 */
export type Soon<T> = T | Promise<T>;

/** `next` of the value: at once when it is here, when it comes otherwise. A throw of `next` on a value here is thrown here. */
export function andThen<T, U>(value: Soon<T>, next: (value: T) => Soon<U>): Soon<U> {
  return value instanceof Promise ? value.then(next) : next(value);
}
