import { cloneElement, useCallback, useEffect, useId, useRef, useState } from 'react';
import type { ReactElement, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CONFIDENTIALITY, FILE_STATUS, RETENTION } from '../../../shared/domain/enums.js';
import type { Confidentiality, FileStatus, Retention } from '../../../shared/domain/enums.js';
import { LANGUAGES } from '../../../shared/i18n/index.js';
import { CLIENT_STATUS } from '../../../shared/ops/clients.js';
import type { ClientStatus } from '../../../shared/ops/clients.js';
import { useErrorText } from '../hooks.js';
import type { Action, Notice } from '../hooks.js';
import { useLanguage } from '../stores/language.js';

interface FieldProps {
  label: string;
  hint?: string | undefined;
  /** Inline problem under the input (also marks it aria-invalid). */
  problem?: string | null | undefined;
  className?: string;
  children: ReactElement<Record<string, unknown>>;
}

/** A labelled input: `<label for>` so getByLabel works, hints and problems described-by. */
export function Field({ label, hint, problem, className, children }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const problemId = `${id}-problem`;
  const describedBy = [hint ? hintId : null, problem ? problemId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, 'aria-describedby': describedBy, 'aria-invalid': problem ? true : undefined })}
      {problem ? (
        <div className="field-problem" id={problemId} data-testid="field-error">
          {problem}
        </div>
      ) : hint ? (
        <div className="field-hint" id={hintId}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}

interface LevelSelectProps<T extends string> {
  value: T;
  onChange: (value: T) => void;
  testId: string;
  /** Set by `Field` (label and descriptions). */
  id?: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

/** A select over a fixed vocabulary, labelled from the `enums` catalog. */
function enumSelect<T extends string>(values: readonly T[], label: (t: TFunction, value: T) => string) {
  return function EnumSelect({ value, onChange, testId, ...aria }: LevelSelectProps<T>) {
    const { t } = useTranslation();
    return (
      <select value={value} onChange={(e) => onChange(e.target.value as T)} data-testid={testId} {...aria}>
        {values.map((v) => (
          <option key={v} value={v}>
            {label(t, v)}
          </option>
        ))}
      </select>
    );
  };
}

/** 普通 / 秘密 / 机密 / 绝密: a file's level or a user's clearance. */
export const ConfidentialitySelect = enumSelect<Confidentiality>(CONFIDENTIALITY, (t, v) => t(`enums.confidentiality.${v}`));
/** 永久 / 30年 / 10年. */
export const RetentionSelect = enumSelect<Retention>(RETENTION, (t, v) => t(`enums.retention.${v}`));

export function ErrorLine({ error }: { error: unknown }) {
  const text = useErrorText();
  if (error === null || error === undefined) return null;
  return (
    <div className="msg msg-error" role="alert" data-testid="error">
      {text(error)}
    </div>
  );
}

export function NoticeLine({ notice }: { notice: Notice | null }) {
  const { t } = useTranslation();
  if (!notice) return null;
  return (
    <div className="msg msg-ok" role="status" data-testid="message">
      {notice(t)}
    </div>
  );
}

/** A screen's confirmation and error lines (one action and, through it, its load). */
export function ActionFeedback({ action }: { action: Pick<Action, 'notice' | 'error'> }) {
  return (
    <>
      <NoticeLine notice={action.notice} />
      <ErrorLine error={action.error} />
    </>
  );
}

interface FormActionsProps {
  /** Its error shows above the buttons; while busy the submit button is disabled and says so. */
  action?: Pick<Action, 'busy' | 'error'> | undefined;
  submit?: {
    label: string;
    /** Shown while busy (default 处理中…). */
    busyLabel?: string | undefined;
    testId?: string | undefined;
    disabled?: unknown;
    /** The button's look (default btn-primary). */
    className?: string | undefined;
  };
  /** Adds a Cancel button. */
  onCancel?: (() => void) | undefined;
  center?: boolean | undefined;
  /** Further buttons, before the submit button. */
  children?: ReactNode;
}

/** The footer of a form or dialog: its error line, Cancel, other buttons, the submit button. */
export function FormActions({ action, submit, onCancel, center, children }: FormActionsProps) {
  const { t } = useTranslation();
  const busy = action?.busy ?? false;
  return (
    <>
      {action ? <ErrorLine error={action.error} /> : null}
      <div className={center ? 'form-actions center' : 'form-actions'}>
        {onCancel ? (
          <button type="button" className="btn" onClick={onCancel}>
            {t('ui.common.cancel')}
          </button>
        ) : null}
        {children}
        {submit ? (
          <button type="submit" className={`btn ${submit.className ?? 'btn-primary'}`} disabled={busy || !!submit.disabled} data-testid={submit.testId}>
            {busy ? (submit.busyLabel ?? t('ui.common.busy')) : submit.label}
          </button>
        ) : null}
      </div>
    </>
  );
}

export function StatusBadge({ status, overdue }: { status: FileStatus; overdue?: boolean }) {
  const { t } = useTranslation();
  return (
    <span className="badges">
      <span className={`badge badge-${status}`} data-testid="status-badge">
        {t(`enums.fileStatus.${status}`)}
      </span>
      {overdue ? <OverdueBadge /> : null}
    </span>
  );
}

export function OverdueBadge() {
  const { t } = useTranslation();
  return (
    <span className="badge badge-overdue" data-testid="overdue-badge">
      {t('ui.badges.overdue')}
    </span>
  );
}

export function ConfidentialityBadge({ level }: { level: Confidentiality }) {
  const { t } = useTranslation();
  return <span className={`badge badge-conf-${level}`}>{t(`enums.confidentiality.${level}`)}</span>;
}

/** Table body placeholder for loading / empty states. */
export function TableState({ loading, empty, columns }: { loading: boolean; empty: boolean; columns: number }) {
  const { t } = useTranslation();
  if (!loading && !empty) return null;
  return (
    <tr className="table-state">
      <td colSpan={columns} data-testid={loading ? 'loading' : 'empty'}>
        {loading ? t('ui.common.loading') : t('ui.common.empty')}
      </td>
    </tr>
  );
}

interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  testId?: string;
  /** A wider dialog for long forms. */
  wide?: boolean;
}

/** A native modal dialog: focus is trapped, Esc closes. */
export function Dialog({ title, onClose, children, testId, wide }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog-wide' : 'dialog'}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId} className="dialog-title">
        {title}
      </h2>
      {children}
    </dialog>
  );
}

export function LanguageSwitch() {
  const { t } = useTranslation();
  const language = useLanguage((s) => s.language);
  const setLanguage = useLanguage((s) => s.setLanguage);
  return (
    <div className="lang-switch" role="group" aria-label={t('ui.lang.label')} data-testid="lang-switch">
      {LANGUAGES.map((lng) => (
        <button
          key={lng}
          type="button"
          className={lng === language ? 'active' : ''}
          aria-pressed={lng === language}
          lang={lng}
          data-testid={`lang-${lng}`}
          onClick={() => setLanguage(lng)}
        >
          {t(`ui.lang.${lng}`)}
        </button>
      ))}
    </div>
  );
}

export function isClientStatus(value: unknown): value is ClientStatus {
  return (CLIENT_STATUS as readonly unknown[]).includes(value);
}

export function isFileStatus(value: unknown): value is FileStatus {
  return (FILE_STATUS as readonly unknown[]).includes(value);
}

export function ClientStatusBadge({ status, testId = 'client-status' }: { status: ClientStatus; testId?: string | null }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-client-${status}`} data-testid={testId ?? undefined}>
      {t(`enums.clientStatus.${status}`)}
    </span>
  );
}

export function CompletenessBadge({ complete, testId = 'completeness-badge' }: { complete: boolean; testId?: string }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${complete ? 'badge-complete' : 'badge-incomplete'}`} data-testid={testId} data-complete={complete}>
      {complete ? t('ui.badges.complete') : t('ui.badges.incomplete')}
    </span>
  );
}

/** 启用 / 停用 of a settings entry. */
export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return (
    <span className={`badge ${active ? 'badge-complete' : 'badge-former'}`} data-testid="active-badge" data-active={active}>
      {active ? t('ui.settings.active') : t('ui.settings.inactive')}
    </span>
  );
}

interface ConfirmDialogProps {
  /** The question, e.g. 取消这个任务？ */
  title: string;
  /** What happens, in a sentence. */
  body?: ReactNode;
  confirmLabel: string;
  /** The label of the button that backs out (default 取消). */
  cancelLabel?: string;
  danger?: boolean;
  busy?: boolean;
  onConfirm(): void;
  onClose(): void;
  testId?: string;
}

/** The application's own confirmation (never the browser's confirm()): for acts that cannot be undone. */
export function ConfirmDialog({ title, body, confirmLabel, cancelLabel, danger, busy, onConfirm, onClose, testId = 'confirm-dialog' }: ConfirmDialogProps) {
  const { t } = useTranslation();
  return (
    <Dialog title={title} onClose={onClose} testId={testId}>
      {body ? <div className="confirm-body">{body}</div> : null}
      <div className="form-actions">
        <button type="button" className="btn" onClick={onClose} data-testid="confirm-cancel" autoFocus>
          {cancelLabel ?? t('ui.common.cancel')}
        </button>
        <button type="button" className={`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled={busy} onClick={onConfirm} data-testid="confirm-ok">
          {confirmLabel}
        </button>
      </div>
    </Dialog>
  );
}

export type ConfirmRequest = Omit<ConfirmDialogProps, 'onConfirm' | 'onClose' | 'busy'>;

/**
 * The application's confirmation as a promise, where a handler used to call window.confirm:
 * render `dialog` somewhere in the component, `await ask({...})` in the handler.
 */
export function useConfirm(): { dialog: ReactNode; ask: (request: ConfirmRequest) => Promise<boolean> } {
  const [pending, setPending] = useState<{ request: ConfirmRequest; resolve: (ok: boolean) => void } | null>(null);
  const ask = useCallback((request: ConfirmRequest) => new Promise<boolean>((resolve) => setPending({ request, resolve })), []);
  const dialog = pending ? (
    <ConfirmDialog
      {...pending.request}
      onConfirm={() => {
        pending.resolve(true);
        setPending(null);
      }}
      onClose={() => {
        pending.resolve(false);
        setPending(null);
      }}
    />
  ) : null;
  return { dialog, ask };
}
