import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { Application } from '../../../shared/ops/applications.js';
import { api } from '../api.js';
import { ApplicationForm } from '../components/ApplicationForm.js';
import { ApprovalRules } from '../components/ApprovalRules.js';
import { ActionFeedback, ConfidentialityBadge, Field, TableState } from '../components/ui.js';
import { formatDateTime } from '../format.js';
import { useAction, useCan, useLoad } from '../hooks.js';
import './Access.css';

type Tab = 'forMe' | 'all' | 'mine' | 'rules';

export function ApplicationStatusBadge({ status }: { status: Application['status'] }) {
  const { t } = useTranslation();
  return (
    <span className={`badge badge-app-${status}`} data-testid="application-status">
      {t(`ui.access.status.${status}`)}
    </span>
  );
}

/** Who a step is for: the department's head by name, or the role. */
function stepApprover(t: TFunction, step: Application['steps'][number]): string {
  if (step.approver === 'department_head') return t('ui.applications.headOf', { department: step.departmentName ?? '', head: step.headDisplayName ?? t('ui.applications.noHead') });
  return t(`ui.access.approver.${step.approver}`);
}

/** The steps of an application: who, when, the decision and the comment (a rejection's reason). */
export function ApplicationSteps({ application }: { application: Application }) {
  const { t } = useTranslation();
  if (application.paper)
    return (
      <p className="muted" data-testid="application-paper-note">
        {t('ui.applications.paperNote', { signedBy: application.paper.signedBy, signedOn: application.paper.signedOn })}
      </p>
    );
  return (
    <table className="table table-compact" data-testid="application-steps">
      <thead>
        <tr>
          <th scope="col">{t('ui.applications.step')}</th>
          <th scope="col">{t('ui.applications.approver')}</th>
          <th scope="col">{t('ui.applications.decision')}</th>
          <th scope="col">{t('ui.applications.decidedBy')}</th>
          <th scope="col">{t('ui.applications.decidedAt')}</th>
          <th scope="col">{t('ui.applications.comment')}</th>
        </tr>
      </thead>
      <tbody>
        {application.steps.map((s) => (
          <tr key={s.id} data-testid="application-step" data-decision={s.decision ?? 'pending'}>
            <td>{t(`ui.access.stepPurpose.${s.purpose}`)}</td>
            <td>{stepApprover(t, s)}</td>
            <td>{s.decision ? t(`ui.access.decision.${s.decision}`) : <span className="muted">{t('ui.applications.waiting')}</span>}</td>
            <td>{s.decidedBy ?? ''}</td>
            <td className="nowrap">{s.decidedAt ? formatDateTime(s.decidedAt) : ''}</td>
            <td>{s.comment}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ApplicationDetail({ application, onChanged }: { application: Application; onChanged(a: Application): void }) {
  const { t } = useTranslation();
  const can = useCan();
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const decide = useAction();
  const mine = application.steps.some((s) => s.mine);
  const r = application.requester;
  return (
    <div className="card application-detail" data-testid="application-detail" data-id={application.id}>
      <div className="file-card-head">
        <strong>{t(`ui.access.kind.${application.kind}`)}</strong>
        <ApplicationStatusBadge status={application.status} />
        <span className="muted small">{t('ui.applications.recorded', { at: formatDateTime(application.createdAt), by: application.createdBy })}</span>
      </div>
      <dl className="facts">
        <dt>{t('ui.applications.requester')}</dt>
        <dd data-testid="application-requester">
          {r.kind === 'staff' ? `${r.departmentName ?? ''} ${r.name}` : `${r.organisation} ${r.name}`}
          {r.staffNo ? <span className="muted"> · {r.staffNo}</span> : null}
        </dd>
        <dt>{t('ui.applications.purpose')}</dt>
        <dd>{application.purpose}</dd>
        <dt>{t('ui.applications.period')}</dt>
        <dd>{t('ui.applications.periodValue', { from: application.wantedFrom, until: application.wantedUntil })}</dd>
        {application.letterNo ? (
          <>
            <dt>{t('ui.applications.letterNo')}</dt>
            <dd>{application.letterNo}</dd>
          </>
        ) : null}
        <dt>{t('ui.applications.files')}</dt>
        <dd>
          <ul className="plain">
            {application.files.map((f) => (
              <li key={`${f.archiveNo}-${f.itemId ?? ''}`}>
                <span className="mono">{f.archiveNo}</span> {f.title} <ConfidentialityBadge level={f.confidentiality} />
                {f.itemTitle ? <span className="muted"> · {t('ui.applications.singleItem', { title: f.itemTitle })}</span> : null}
              </li>
            ))}
          </ul>
        </dd>
      </dl>
      <ApplicationSteps application={application} />
      <ActionFeedback action={decide} />
      {mine && can('applications.approve') ? (
        <div className="decide" data-testid="decide-panel">
          <form
            className="form-row"
            onSubmit={decide.submit(async () => onChanged(await api.call('applications.approve', { id: application.id, comment: comment.trim() })), {
              notice: (tt) => tt('ui.applications.approvedNotice'),
            })}
          >
            <Field label={t('ui.applications.approveComment')} className="grow">
              <input type="text" maxLength={500} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="approve-comment" />
            </Field>
            <button type="submit" className="btn btn-primary" disabled={decide.busy} data-testid="approve-button">
              {t('ui.applications.approve')}
            </button>
          </form>
          <form
            className="form-row"
            onSubmit={decide.submit(async () => onChanged(await api.call('applications.reject', { id: application.id, reason: reason.trim() })), {
              notice: (tt) => tt('ui.applications.rejectedNotice'),
            })}
          >
            <Field label={t('ui.applications.rejectReason')} className="grow">
              <input type="text" maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} data-testid="reject-reason" />
            </Field>
            <button type="submit" className="btn btn-danger" disabled={decide.busy || !reason.trim()} data-testid="reject-button">
              {t('ui.applications.reject')}
            </button>
          </form>
        </div>
      ) : null}
      {application.status === 'pending' && can('applications.withdraw') && !mine ? (
        <button
          type="button"
          className="btn"
          disabled={decide.busy}
          onClick={() => void decide.run(async () => onChanged(await api.call('applications.withdraw', { id: application.id })))}
          data-testid="withdraw-button"
        >
          {t('ui.applications.withdraw')}
        </button>
      ) : null}
    </div>
  );
}

/** 借阅申请: record applications, decide the ones waiting for me, follow each one's steps. */
export function ApplicationsScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const approver = can('applications.approve');
  const [tab, setTab] = useState<Tab>(approver ? 'forMe' : 'all');
  const [current, setCurrent] = useState<Application | null>(null);
  const [creating, setCreating] = useState(false);
  const load = useLoad(() => (tab === 'rules' ? Promise.resolve([]) : api.call('applications.list', { forMe: tab === 'forMe', mine: tab === 'mine', limit: 200 })), tab);
  const screen = useAction(load);
  const rows = load.data ?? [];
  const tabs: Tab[] = [...(approver ? (['forMe'] as const) : []), 'all', 'mine', ...(can('applications.updateRules') ? (['rules'] as const) : [])];

  return (
    <section className="screen applications" aria-labelledby="applications-title">
      <div className="screen-head">
        <h1 id="applications-title" className="screen-title">
          {t('ui.applications.title')}
        </h1>
        <span className="head-actions">
          {can('applications.create') ? (
            <button type="button" className="btn btn-primary" onClick={() => setCreating(true)} data-testid="new-application">
              {t('ui.applications.new')}
            </button>
          ) : null}
        </span>
      </div>
      <div className="toolbar tabs" role="tablist" aria-label={t('ui.applications.tabs')}>
        {tabs.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'btn btn-small active' : 'btn btn-small'}
            onClick={() => {
              setTab(k);
              setCurrent(null);
            }}
            data-testid={`applications-tab-${k}`}
          >
            {t(`ui.applications.tab.${k}`)}
          </button>
        ))}
      </div>
      <ActionFeedback action={screen} />
      {tab === 'rules' ? (
        <ApprovalRules />
      ) : (
        <div className="access-split">
          <table className="table table-compact" data-testid="applications-table">
            <thead>
              <tr>
                <th scope="col">{t('ui.applications.recordedAt')}</th>
                <th scope="col">{t('ui.applications.requester')}</th>
                <th scope="col">{t('ui.applications.kind')}</th>
                <th scope="col">{t('ui.applications.files')}</th>
                <th scope="col">{t('ui.applications.status')}</th>
              </tr>
            </thead>
            <tbody>
              <TableState loading={load.data === null} empty={rows.length === 0} columns={5} />
              {rows.map((a) => (
                <tr key={a.id} className={a.id === current?.id ? 'selected' : undefined} data-testid="application-row" data-id={a.id}>
                  <td className="nowrap">
                    <button type="button" className="link" onClick={() => setCurrent(a)} data-testid="application-open">
                      {formatDateTime(a.createdAt)}
                    </button>
                  </td>
                  <td>{a.requester.name}</td>
                  <td>{t(`ui.access.kind.${a.kind}`)}</td>
                  <td className="mono">{a.files.map((f) => f.archiveNo).join(' ')}</td>
                  <td>
                    <ApplicationStatusBadge status={a.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {current ? (
            <ApplicationDetail
              key={current.id}
              application={current}
              onChanged={(changed) => {
                setCurrent(changed);
                void load.reload();
              }}
            />
          ) : null}
        </div>
      )}
      {creating ? (
        <ApplicationForm
          onClose={() => setCreating(false)}
          onDone={(created) => {
            setCreating(false);
            setTab('all');
            setCurrent(created);
            screen.confirm((tt) => tt('ui.applications.createdNotice', { name: created.requester.name, status: tt(`ui.access.status.${created.status}`) }));
          }}
        />
      ) : null}
    </section>
  );
}
