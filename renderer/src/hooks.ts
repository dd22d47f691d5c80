import { useCallback, useEffect, useState } from 'react';
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
