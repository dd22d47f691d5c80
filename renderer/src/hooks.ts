import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { TFunction } from 'i18next';
import type { OperationName } from '../../shared/contract.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { Catalog } from '../../shared/i18n/index.js';
import { errorText } from './i18n.js';
import { roleMayCall } from './rules.js';
import { useLanguage } from './stores/language.js';
import { useSession } from './stores/session.js';

/** A confirmation kept as a function of `t`, so it follows a language switch. */
export type Notice = (t: TFunction) => string;

export function useCan(): (operation: OperationName) => boolean {
  const role = useSession((s) => s.user?.role);
  return useCallback((operation: OperationName) => roleMayCall(role, operation), [role]);
}

export function useCatalog(): Catalog {
  return catalogs[useLanguage((s) => s.language)];
}

export function useErrorText(): (error: unknown) => string {
  const language = useLanguage((s) => s.language);
  return useCallback((error: unknown) => errorText(error, language), [language]);
}

export function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}

export interface Load<T> {
  /** null until the first load has succeeded. */
  data: T | null;
  error: unknown;
  setError: (error: unknown) => void;
  reload: () => Promise<void>;
}

/**
 * Loads a screen's data when it mounts, when `key` changes, and on `reload()`. Only the
 * latest request's answer is kept. `error` can be shared with the screen's actions
 * (`useAction(load)`), so one error line serves both.
 */
export function useLoad<T>(fetch: () => Promise<T>, key?: string | number): Load<T> {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fetchRef = useRef(fetch);
  // The latest `fetch` (it closes over the screen's current props) for the next load.
  useLayoutEffect(() => {
    fetchRef.current = fetch;
  });
  const latest = useRef(0);
  const reload = useCallback(async () => {
    const request = ++latest.current;
    try {
      const result = await fetchRef.current();
      if (request !== latest.current) return;
      setData(result);
      setError(null);
    } catch (err) {
      if (request === latest.current) setError(err);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload, key]);
  return { data, error, setError, reload };
}

export interface ActionOptions<T> {
  /** The confirmation once it worked (a function of `t`, so it follows a language switch). */
  notice?: (t: TFunction, result: T) => string;
  /** Called after the error is shown, e.g. to clear a password field. */
  onError?: (error: unknown) => void;
}

export interface Action {
  busy: boolean;
  error: unknown;
  notice: Notice | null;
  setError: (error: unknown) => void;
  setNotice: (notice: Notice | null) => void;
  /**
   * Runs `work` (ignored while another run is under way): busy meanwhile, the error
   * cleared first and set if it throws, the notice replaced once it worked. A screen's
   * action (`useAction(load)`) reloads the screen after it worked. Resolves to the
   * result, or undefined when it failed or was ignored.
   */
  run: <T>(work: () => Promise<T>, options?: ActionOptions<T>) => Promise<T | undefined>;
  /** Something done elsewhere (a dialog saved): show `notice` and, for a screen's action, reload the screen. */
  confirm: (notice: Notice) => void;
  /** A form's onSubmit: no page reload, then `run` (nothing while `enabled` is false). */
  submit: <T>(work: () => Promise<T>, options?: ActionOptions<T> & { enabled?: unknown }) => (e: FormEvent) => void;
}

/**
 * The busy flag, error and confirmation of a screen's or a dialog's actions. Given the
 * screen's `useLoad`, it shares the screen's error line and reloads the screen after
 * each action that worked (given only `{ error, setError }`, it shares the line alone).
 */
export function useAction(load?: Pick<Load<unknown>, 'error' | 'setError'> & { reload?: () => Promise<void> }): Action {
  const [busy, setBusy] = useState(false);
  const [ownError, setOwnError] = useState<unknown>(null);
  const [notice, setNoticeState] = useState<Notice | null>(null);
  const running = useRef(false);
  const error = load ? load.error : ownError;
  const setError = load ? load.setError : setOwnError;
  const reload = load?.reload;
  const setNotice = useCallback((next: Notice | null) => setNoticeState(() => next), []);

  const run = useCallback(
    async <T>(work: () => Promise<T>, options: ActionOptions<T> = {}): Promise<T | undefined> => {
      if (running.current) return undefined;
      running.current = true;
      setBusy(true);
      setError(null);
      try {
        const result = await work();
        const { notice: confirm } = options;
        setNotice(confirm ? (t) => confirm(t, result) : null);
        if (reload) await reload();
        return result;
      } catch (err) {
        setError(err);
        options.onError?.(err);
        return undefined;
      } finally {
        running.current = false;
        setBusy(false);
      }
    },
    [setError, setNotice, reload],
  );

  const confirm = useCallback(
    (next: Notice) => {
      setNotice(next);
      if (reload) void reload();
    },
    [setNotice, reload],
  );

  const submit = useCallback(
    <T>(work: () => Promise<T>, options: ActionOptions<T> & { enabled?: unknown } = {}) =>
      (e: FormEvent) => {
        e.preventDefault();
        if (options.enabled === undefined || options.enabled) void run(work, options);
      },
    [run],
  );

  return { busy, error, notice, setError, setNotice, run, confirm, submit };
}
