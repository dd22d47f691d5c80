/** Client classifications (客户类别, 等级…) as the register screens offer them. */
import { useEffect, useState } from 'react';
import type { ClassificationScheme } from '../../../shared/ops/classifications.js';
import { api } from '../api.js';
import { schemeLabel } from '../format.js';
import { useLanguage } from '../stores/language.js';

/** The active schemes with their values; none while loading or if they cannot be read (they only filter and label). */
export function useActiveSchemes(): ClassificationScheme[] {
  const [schemes, setSchemes] = useState<ClassificationScheme[]>([]);
  useEffect(() => {
    api
      .call('classifications.list', { includeInactive: false })
      .then(setSchemes)
      .catch(() => setSchemes([]));
  }, []);
  return schemes;
}

interface ValueFilterProps {
  schemes: ClassificationScheme[];
  /** A value's id, '' for any. */
  value: string;
  onChange(valueId: string): void;
  anyLabel: string;
  testId: string;
  id?: string | undefined;
  'aria-label'?: string | undefined;
}

/** One select over every active value, grouped by scheme: a list filter. */
export function ClassificationFilter({ schemes, value, onChange, anyLabel, testId, ...rest }: ValueFilterProps) {
  const language = useLanguage((s) => s.language);
  return (
    <select className="filter-select" value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId} {...rest}>
      <option value="">{anyLabel}</option>
      {schemes.map((scheme) => (
        <optgroup key={scheme.id} label={schemeLabel(scheme, language)}>
          {scheme.values
            .filter((v) => v.active)
            .map((v) => (
              <option key={v.id} value={v.id}>
                {schemeLabel(v, language)}
              </option>
            ))}
        </optgroup>
      ))}
    </select>
  );
}
