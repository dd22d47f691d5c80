/**
 * A list with an edit dialog (the settings screens, locations): the list loads on mount,
 * one entry at a time is edited in a dialog, and a save closes the dialog, confirms and
 * reloads the list. Toggles on the list itself go through `action`.
 */
import { useCallback, useState } from 'react';
import { useAction, useLoad } from '../hooks.js';
import type { Action, Load, Notice } from '../hooks.js';
import { ActionFeedback } from './ui.js';

export interface ListEditor<T, E> extends Load<T> {
  /** Actions on the list (share its error line, reload it once they worked). */
  action: Action;
  /** What the dialog edits (null: no dialog open). */
  editing: E | null;
  edit(target: E): void;
  close(): void;
  /** The dialog saved: close it, show `notice`, reload the list. */
  saved(notice: Notice): void;
}

export function useListEditor<T, E>(fetch: () => Promise<T>, key?: string | number): ListEditor<T, E> {
  const load = useLoad(fetch, key);
  const action = useAction(load);
  const [editing, setEditing] = useState<E | null>(null);
  const { confirm } = action;
  const close = useCallback(() => setEditing(null), []);
  const saved = useCallback(
    (notice: Notice) => {
      setEditing(null);
      confirm(notice);
    },
    [confirm],
  );
  return { ...load, action, editing, edit: setEditing, close, saved };
}

interface ListEditorHeadProps {
  title: string;
  intro: string;
  /** The add button (opens the dialog on a new entry). */
  add?: { label: string; testId: string; onClick(): void };
  editor: Pick<ListEditor<unknown, unknown>, 'action'>;
}

/** Title with the add button, a one-line introduction, then the list's confirmation and error lines. */
export function ListEditorHead({ title, intro, add, editor }: ListEditorHeadProps) {
  return (
    <>
      <div className="screen-head">
        <h2 className="section-title">{title}</h2>
        {add ? (
          <button type="button" className="btn btn-primary" onClick={add.onClick} data-testid={add.testId}>
            {add.label}
          </button>
        ) : null}
      </div>
      <p className="muted small intro">{intro}</p>
      <ActionFeedback action={editor.action} />
    </>
  );
}
