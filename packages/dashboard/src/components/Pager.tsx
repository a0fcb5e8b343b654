import { useState } from 'react';
import type { FormEvent } from 'react';
import { formatCount } from '../format.js';

/**
 * Previous / next buttons, with where we are, and (given the page count and `onGoTo`) a box to go
 * straight to a page. At either end a button is aria-disabled, not disabled, so that it keeps the
 * focus that reached the end.
 */
export function Pager(props: { label: string; page: number; pages: number | null; onPrevious: () => void; onNext: (() => void) | null; onGoTo?: (page: number) => void }) {
  const last = props.pages === null ? null : Math.max(props.pages, 1);
  return (
    <nav className="pager" aria-label={`${props.label} pages`}>
      <button type="button" onClick={() => props.page > 1 && props.onPrevious()} aria-disabled={props.page <= 1}>
        Previous page
      </button>
      <span aria-live="polite">
        Page {formatCount(props.page)}
        {last !== null && ` of ${formatCount(last)}`}
      </span>
      <button type="button" onClick={() => props.onNext?.()} aria-disabled={props.onNext === null}>
        Next page
      </button>
      {last !== null && last > 1 && props.onGoTo && <GoToPage last={last} onGoTo={props.onGoTo} />}
    </nav>
  );
}

/** "Go to page [ ] Go": a page from 1 to `last`; the browser refuses another number before it is sent. */
function GoToPage({ last, onGoTo }: { last: number; onGoTo: (page: number) => void }) {
  const [typed, setTyped] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const page = Number(typed);
    if (!Number.isInteger(page) || page < 1 || page > last) return;
    onGoTo(page);
    setTyped('');
  };
  return (
    <form className="go-to-page" onSubmit={submit}>
      <label>
        Go to page
        <input type="number" inputMode="numeric" min={1} max={last} step={1} required value={typed} onChange={(e) => setTyped(e.target.value)} />
      </label>
      <button type="submit">Go</button>
    </form>
  );
}

/** Keyset paging state: the cursors of the pages behind, so that "previous" needs no offset. */
export interface PageStack {
  cursors: Array<string | undefined>;
}

export const firstPage: PageStack = { cursors: [undefined] };
export const currentCursor = (s: PageStack) => s.cursors.at(-1);
export const nextPage = (s: PageStack, cursor: string): PageStack => ({ cursors: [...s.cursors, cursor] });
export const previousPage = (s: PageStack): PageStack => ({ cursors: s.cursors.length > 1 ? s.cursors.slice(0, -1) : s.cursors });

/**
 * Paging that can jump (the users table, whose listing takes an offset): page N is reached by
 * offset, or, from the page before it, by that page's cursor, which is cheaper.
 */
export interface PageAt {
  page: number;
  cursor?: string;
}

export const FIRST: PageAt = { page: 1 };
/** What to ask the listing for page `at`, `size` a page. */
export const pageQuery = (at: PageAt, size: number): { cursor: string } | { offset: number } | Record<string, never> =>
  at.cursor !== undefined ? { cursor: at.cursor } : at.page > 1 ? { offset: (at.page - 1) * size } : {};
