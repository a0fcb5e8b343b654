import { useEffect, useState } from 'react';
import type { AnchorHTMLAttributes, MouseEvent } from 'react';

const EVENT = 'paddock:navigate';
let moved = false;

/** Whether the user has gone from page to page in this document (a link, back or forward), not just opened it. */
export function hasNavigated(): boolean {
  return moved;
}

/** The current path and query, kept in sync with the address bar. */
export function useLocation(): URL {
  const [href, setHref] = useState(window.location.href);
  useEffect(() => {
    const update = () => setHref(window.location.href);
    const back = () => {
      moved = true;
      update();
    };
    window.addEventListener('popstate', back);
    window.addEventListener(EVENT, update);
    return () => {
      window.removeEventListener('popstate', back);
      window.removeEventListener(EVENT, update);
    };
  }, []);
  return new URL(href);
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', to);
  else {
    window.history.pushState(null, '', to);
    moved = true;
  }
  window.dispatchEvent(new Event(EVENT));
}

/** An ordinary link that changes pages without reloading; modified clicks open tabs as usual. */
export function Link({ to, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const onClick = (e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={onClick} {...rest} />;
}
