/**
 * Where the clerk is: the page shown and the state a page keeps while the app runs (the handover
 * register's period). Told to the archive host on every change, so unlocking again — after an
 * idle lock, the lock button, or in a new tab after the last one closed — is back there.
 */
import type { Place } from '../../shared/contract.js';
import { useHandoverPeriod } from './screens/Handovers.js';
import { useNav } from './stores/nav.js';
import type { View } from './stores/nav.js';

// The field naming the record, for every view that has one (a view added with a field of its own
// must be listed here, or this does not compile); other views are just their section.
type FieldsOf<N extends View['name']> = Exclude<keyof Extract<View, { name: N }>, 'name'>;
type KeyedViews = { [N in View['name'] as [FieldsOf<N>] extends [never] ? never : N]: FieldsOf<N> };
const KEY_FIELD: KeyedViews = { client: 'id', file: 'archiveNo', search: 'q' };

const keyFieldOf = (name: string): string | undefined => (Object.hasOwn(KEY_FIELD, name) ? (KEY_FIELD as Record<string, string>)[name] : undefined);

export function placeOf(view: View, period: { from: string | null; to: string | null }): Place {
  const field = keyFieldOf(view.name);
  const key = field ? (view as unknown as Record<string, unknown>)[field] : undefined;
  return {
    view: view.name,
    ...(typeof key === 'string' && key ? { key } : {}),
    ...(period.from ? { from: period.from } : {}),
    ...(period.to ? { to: period.to } : {}),
  };
}

/** The view a place names (null: a record's page without its record). */
export function viewOf(place: Place): View | null {
  const field = keyFieldOf(place.view);
  if (!field) return { name: place.view } as View;
  if (place.view === 'search') return { name: 'search', q: place.key ?? '' };
  return place.key ? ({ name: place.view, [field]: place.key } as unknown as View) : null;
}

export function currentPlace(): Place {
  const { from, to } = useHandoverPeriod.getState();
  return placeOf(useNav.getState().view, { from, to });
}

/** Shows the place (the desk when there is none or it cannot be shown). */
export function restorePlace(place: Place | null | undefined): void {
  const view = place ? viewOf(place) : null;
  useHandoverPeriod.setState({ from: place?.from ?? null, to: place?.to ?? null });
  useNav.getState().go(view ?? { name: 'circulation' });
}

/** Calls `onChange` with the place whenever the page or the register's period changes. */
export function watchPlace(onChange: (place: Place) => void): () => void {
  let last = JSON.stringify(currentPlace());
  const check = () => {
    const place = currentPlace();
    const text = JSON.stringify(place);
    if (text === last) return;
    last = text;
    onChange(place);
  };
  const offNav = useNav.subscribe(check);
  const offPeriod = useHandoverPeriod.subscribe(check);
  return () => {
    offNav();
    offPeriod();
  };
}
