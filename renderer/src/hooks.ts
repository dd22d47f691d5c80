import { useCallback, useEffect, useRef, useState } from 'react';
import type { OperationName } from '../../shared/contract.js';
import { catalogs } from '../../shared/i18n/index.js';
import type { Catalog } from '../../shared/i18n/index.js';
import { errorText } from './i18n.js';
import { roleMayCall } from './rules.js';
import { useLanguage } from './stores/language.js';
import { useSession } from './stores/session.js';

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

/**
 * Loads a screen's data when it mounts and on `reload()`. `error` is shared with the screen's
 * own actions (they report through `setError`), so one error line serves both.
 */
export function useLoad<T>(fetch: () => Promise<T>): {
  data: T | null;
  error: unknown;
  setError: (error: unknown) => void;
  reload: () => Promise<void>;
} {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const fetchRef = useRef(fetch);
  fetchRef.current = fetch;
  const reload = useCallback(async () => {
    try {
      setData(await fetchRef.current());
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { data, error, setError, reload };
}
