import { useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';

/**
 * The box around a table. While the table is wider than the box (a narrow screen), the box scrolls
 * sideways and becomes a named region with a tab stop, so that a keyboard can scroll it too; when
 * the table fits, it is a plain box and adds no tab stop.
 */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  const ref = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const box = ref.current;
    if (box === null) return;
    const measure = () => setScrolls(box.scrollWidth > box.clientWidth);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div ref={ref} className="table-wrap" {...(scrolls && { role: 'region', 'aria-label': `${label} (scrolls sideways)`, tabIndex: 0 })}>
      {children}
    </div>
  );
}
