import { useCallback, useEffect, useRef, useState } from 'react';
import { problemOf } from './errors.js';
import type { Problem } from './errors.js';

export interface Loaded<T> {
  data: T | null;
  problem: Problem | null;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `deps` change (and on reload); the latest run wins. */
export function useLoad<T>(load: () => Promise<T>, deps: readonly unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | null; problem: Problem | null; loading: boolean }>({ data: null, problem: null, loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    load().then(
      (data) => current && setState({ data, problem: null, loading: false }),
      (err: unknown) => current && setState({ data: null, problem: problemOf(err), loading: false }),
    );
    return () => {
      current = false;
    };
  }, [...deps, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { ...state, reload };
}

/**
 * Runs one action at a time: `busy` while it runs, then its problem if it failed. A second run while
 * one is busy is ignored, so that its button can stay enabled (aria-disabled): a disabled button
 * drops the keyboard focus it holds.
 */
export function useAction(): { busy: boolean; problem: Problem | null; run: (action: () => Promise<void>) => Promise<boolean>; clear: () => void } {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const running = useRef(false);
  const run = useCallback(async (action: () => Promise<void>) => {
    if (running.current) return false;
    running.current = true;
    setBusy(true);
    setProblem(null);
    try {
      await action();
      return true;
    } catch (err) {
      setProblem(problemOf(err));
      return false;
    } finally {
      running.current = false;
      setBusy(false);
    }
  }, []);
  return { busy, problem, run, clear: useCallback(() => setProblem(null), []) };
}
