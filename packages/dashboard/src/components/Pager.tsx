import { formatCount } from '../format.js';

/** Previous / next buttons for keyset pages, with where we are. At either end a button is aria-disabled, not disabled, so that it keeps the focus that reached the end. */
export function Pager(props: { label: string; page: number; pages: number | null; onPrevious: () => void; onNext: (() => void) | null }) {
  return (
    <nav className="pager" aria-label={`${props.label} pages`}>
      <button type="button" onClick={() => props.page > 1 && props.onPrevious()} aria-disabled={props.page <= 1}>
        Previous page
      </button>
      <span aria-live="polite">
        Page {formatCount(props.page)}
        {props.pages !== null && ` of ${formatCount(Math.max(props.pages, 1))}`}
      </span>
      <button type="button" onClick={() => props.onNext?.()} aria-disabled={props.onNext === null}>
        Next page
      </button>
    </nav>
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
