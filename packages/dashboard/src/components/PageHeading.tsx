import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { hasNavigated } from '../router.js';

/**
 * A page's h1: it names the tab ("Users — Paddock") and, after a change of page, takes focus so that
 * a screen reader starts at the new page rather than at the link clicked. A page just opened keeps
 * the browser's own start, where the skip link comes first.
 */
export function PageHeading({ id, title, children }: { id: string; title: string; children?: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} — Paddock`;
  }, [title]);
  useEffect(() => {
    if (hasNavigated()) ref.current?.focus();
  }, []);
  return (
    <h1 id={id} ref={ref} tabIndex={-1}>
      {children ?? title}
    </h1>
  );
}
