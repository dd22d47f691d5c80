import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../../shared/ops/departments.js';
import type { Person } from '../../../shared/ops/people.js';
import { borrowerLabel } from '../../../shared/domain/borrowing.js';
import { api } from '../api.js';
import { HoldsTable, IncidentsTable, LedgerEntriesTable } from '../components/LedgerTables.js';
import { ActionFeedback, Dialog, Field, FormActions, TableState } from '../components/ui.js';
import { useAction, useCan, useDebounced, useLoad } from '../hooks.js';
import { ApplicationStatusBadge } from './Applications.js';
import { formatDateTime } from '../format.js';
import './Access.css';

type Tab = 'people' | 'departments';

/** Registers a staff member or an outside person, or changes one. */
function PersonDialog({ person, onDone, onClose }: { person: Person | null; onDone(p: Person): void; onClose(): void }) {
  const { t } = useTranslation();
  // Loaded as the dialog opens: a department added a moment ago is offered.
  const departmentsLoad = useLoad(() => api.call('departments.list', {}));
  const departments: Department[] = departmentsLoad.data ?? [];
  const [kind, setKind] = useState<Person['kind']>(person?.kind ?? 'staff');
  const [name, setName] = useState(person?.name ?? '');
  const [chosenDepartment, setDepartment] = useState(person?.departmentId ?? '');
  const department = chosenDepartment || departments[0]?.id || '';
  const [staffNo, setStaffNo] = useState(person?.staffNo ?? '');
  const [cardNo, setCardNo] = useState(person?.cardNo ?? '');
  const [organisation, setOrganisation] = useState(person?.organisation ?? '');
  const [idNo, setIdNo] = useState(person?.idNo ?? '');
  const [letterNo, setLetterNo] = useState(person?.letterNo ?? '');
  const [remarks, setRemarks] = useState(person?.remarks ?? '');
  const action = useAction();
  const submit = action.submit(async () => {
    const saved = person
      ? await api.call('people.update', {
          id: person.id,
          name: name.trim(),
          remarks: remarks.trim(),
          ...(kind === 'staff'
            ? { department, staffNo: staffNo.trim() || null, cardNo: cardNo.trim() || null }
            : { organisation: organisation.trim(), idNo: idNo.trim(), letterNo: letterNo.trim() }),
        })
      : kind === 'staff'
        ? await api.call('people.add', {
            kind: 'staff',
            name: name.trim(),
            department,
            remarks: remarks.trim(),
            ...(staffNo.trim() ? { staffNo: staffNo.trim() } : {}),
            ...(cardNo.trim() ? { cardNo: cardNo.trim() } : {}),
          })
        : await api.call('people.add', {
            kind: 'outside',
            name: name.trim(),
            organisation: organisation.trim(),
            idNo: idNo.trim(),
            letterNo: letterNo.trim(),
            remarks: remarks.trim(),
          });
    onDone(saved);
  });
  return (
    <Dialog title={person ? t('ui.people.editTitle', { name: person.name }) : t('ui.people.addTitle')} onClose={onClose} wide testId="person-dialog">
      <form onSubmit={submit} noValidate>
        {!person ? (
          <div className="form-row" role="radiogroup" aria-label={t('ui.people.kind')}>
            {(['staff', 'outside'] as const).map((k) => (
              <label key={k} className="check">
                <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} data-testid={`person-kind-${k}`} />
                <span>{t(`ui.access.personKind.${k}`)}</span>
              </label>
            ))}
          </div>
        ) : null}
        <div className="form-row">
          <Field label={t('ui.people.name')} className="grow">
            <input type="text" maxLength={100} autoFocus value={name} onChange={(e) => setName(e.target.value)} data-testid="person-name" />
          </Field>
          {kind === 'staff' ? (
            <Field label={t('ui.people.department')}>
              <select value={department} onChange={(e) => setDepartment(e.target.value)} data-testid="person-department">
                {departments.map((d) => (
                  <option key={d.id} value={d.id}>
                    {d.name}
                  </option>
                ))}
              </select>
            </Field>
          ) : (
            <Field label={t('ui.people.organisation')} className="grow">
              <input type="text" maxLength={200} value={organisation} onChange={(e) => setOrganisation(e.target.value)} data-testid="person-organisation" />
            </Field>
          )}
        </div>
        {kind === 'staff' ? (
          <div className="form-row">
            <Field label={t('ui.people.staffNo')} className="grow">
              <input type="text" maxLength={64} value={staffNo} onChange={(e) => setStaffNo(e.target.value)} data-testid="person-staff-no" />
            </Field>
            <Field label={t('ui.people.cardNo')} hint={t('ui.people.cardHint')} className="grow">
              <input type="text" maxLength={64} value={cardNo} onChange={(e) => setCardNo(e.target.value)} data-testid="person-card-no" />
            </Field>
          </div>
        ) : (
          <div className="form-row">
            <Field label={t('ui.people.idNo')} className="grow">
              <input type="text" maxLength={64} value={idNo} onChange={(e) => setIdNo(e.target.value)} data-testid="person-id-no" />
            </Field>
            <Field label={t('ui.people.letterNo')} className="grow">
              <input type="text" maxLength={64} value={letterNo} onChange={(e) => setLetterNo(e.target.value)} data-testid="person-letter-no" />
            </Field>
          </div>
        )}
        <Field label={t('ui.people.remarks')}>
          <input type="text" maxLength={500} value={remarks} onChange={(e) => setRemarks(e.target.value)} />
        </Field>
        <FormActions action={action} onCancel={onClose} submit={{ label: t('ui.common.save'), testId: 'person-save' }} />
      </form>
    </Dialog>
  );
}

/** 关联系统账号: an administrator links a staff member to the user account they sign in with, or unlinks it. */
function LinkUser({ person, onLinked }: { person: Person; onLinked(p: Person): void }) {
  const { t } = useTranslation();
  const users = useLoad(() => api.call('users.list', {}));
  const [username, setUsername] = useState(person.username ?? '');
  const action = useAction();
  const active = (users.data ?? []).filter((u) => u.active || u.username === person.username);
  const submit = action.submit(async () => onLinked(await api.call('people.linkUser', { id: person.id, username: username || null })));
  return (
    <form className="form-row" onSubmit={submit} data-testid="link-user-form">
      <Field label={t('ui.people.linkUser')} hint={t('ui.people.linkUserHint')} className="grow">
        <select value={username} onChange={(e) => setUsername(e.target.value)} data-testid="link-user-select">
          <option value="">{t('ui.people.noUser')}</option>
          {active.map((u) => (
            <option key={u.username} value={u.username}>
              {u.displayName} · {u.username}
            </option>
          ))}
        </select>
      </Field>
      <button type="submit" className="btn btn-small" disabled={action.busy || username === (person.username ?? '')} data-testid="link-user-save">
        {t('ui.people.linkSave')}
      </button>
      <ActionFeedback action={action} />
    </form>
  );
}

/** What a person has now and has had: loans and readings, applications, incidents, holds. */
function PersonHistory({ person }: { person: Person }) {
  const { t } = useTranslation();
  const load = useLoad(() => api.call('reports.personHistory', { person: person.id }), person.id);
  const h = load.data;
  const action = useAction(load);
  return (
    <div className="card" data-testid="person-history">
      <div className="file-card-head">
        <strong>{borrowerLabel(person)}</strong>
        <span className="muted small">{t(`ui.access.personKind.${person.kind}`)}</span>
        {person.kind === 'staff' ? (
          <span className="small" data-testid="person-account">
            {person.username ? `${t('ui.people.account')}：${person.username}` : <span className="muted">{t('ui.people.accountNone')}</span>}
          </span>
        ) : null}
      </div>
      <ActionFeedback action={action} />
      {h ? (
        <>
          <h3 className="section-title">{t('ui.people.hasNow', { count: h.current.length })}</h3>
          <LedgerEntriesTable entries={h.current} applications={h.applications} show="file" testId="person-current" />
          {h.incidents.length ? (
            <>
              <h3 className="section-title">{t('ui.ledger.incidents', { count: h.incidents.filter((i) => i.status === 'open').length })}</h3>
              <IncidentsTable incidents={h.incidents} testId="person-incidents" onResolved={action.confirm} />
            </>
          ) : null}
          <h3 className="section-title">{t('ui.people.hadBefore', { count: h.past.length })}</h3>
          <LedgerEntriesTable entries={h.past} applications={h.applications} show="file" testId="person-past" />
          {h.applications.length ? (
            <>
              <h3 className="section-title">{t('ui.people.applications')}</h3>
              <table className="table table-compact" data-testid="person-applications">
                <tbody>
                  {h.applications.map((a) => (
                    <tr key={a.id}>
                      <td className="nowrap">{formatDateTime(a.createdAt)}</td>
                      <td>{t(`ui.access.kind.${a.kind}`)}</td>
                      <td className="mono">{a.files.map((f) => f.archiveNo).join(' ')}</td>
                      <td>
                        <ApplicationStatusBadge status={a.status} />
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          ) : null}
          {h.holds.length ? (
            <>
              <h3 className="section-title">{t('ui.ledger.holds')}</h3>
              <HoldsTable holds={h.holds} testId="person-holds" />
            </>
          ) : null}
        </>
      ) : null}
    </div>
  );
}

function DepartmentsTab() {
  const { t } = useTranslation();
  const can = useCan();
  const load = useLoad(() => api.call('departments.list', {}));
  const users = useLoad(() => (can('users.list') ? api.call('users.list', {}) : Promise.resolve([])));
  const action = useAction(load);
  const [name, setName] = useState('');
  const [head, setHead] = useState('');
  const heads = (users.data ?? []).filter((u) => u.active);
  const mayManage = can('departments.add');
  return (
    <>
      <ActionFeedback action={action} />
      {mayManage ? (
        <form
          className="form-row"
          onSubmit={action.submit(
            async () => {
              const added = await api.call('departments.add', { name: name.trim(), ...(head.trim() ? { head: head.trim() } : {}) });
              setName('');
              setHead('');
              return added;
            },
            { notice: (tt, d) => tt('ui.people.departmentAdded', { name: d.name }) },
          )}
          data-testid="department-form"
        >
          <Field label={t('ui.people.departmentName')} className="grow">
            <input type="text" maxLength={100} value={name} onChange={(e) => setName(e.target.value)} data-testid="department-name" />
          </Field>
          <Field label={t('ui.people.head')} hint={t('ui.people.headHint')} className="grow">
            <input type="text" list="department-heads" maxLength={64} value={head} onChange={(e) => setHead(e.target.value)} data-testid="department-head" />
          </Field>
          <datalist id="department-heads">
            {heads.map((u) => (
              <option key={u.username} value={u.username}>
                {u.displayName}
              </option>
            ))}
          </datalist>
          <button type="submit" className="btn btn-primary" disabled={action.busy || !name.trim()} data-testid="department-add">
            {t('ui.people.addDepartment')}
          </button>
        </form>
      ) : null}
      <table className="table" data-testid="departments-table">
        <thead>
          <tr>
            <th scope="col">{t('ui.people.departmentName')}</th>
            <th scope="col">{t('ui.people.head')}</th>
            <th scope="col" className="num">
              {t('ui.people.staffCount')}
            </th>
            {mayManage ? <th scope="col" className="actions" /> : null}
          </tr>
        </thead>
        <tbody>
          <TableState loading={load.data === null} empty={(load.data ?? []).length === 0} columns={mayManage ? 4 : 3} />
          {(load.data ?? []).map((d) => (
            <tr key={d.id} data-testid="department-row">
              <td>{d.name}</td>
              <td>{d.headDisplayName ?? <span className="muted">{t('ui.people.noHead')}</span>}</td>
              <td className="num">{d.staffCount}</td>
              {mayManage ? (
                <td className="actions">
                  <select
                    aria-label={t('ui.people.changeHead', { name: d.name })}
                    value={d.headUsername ?? ''}
                    onChange={(e) => void action.run(() => api.call('departments.update', { id: d.id, head: e.target.value || null }))}
                    disabled={!can('users.list')}
                  >
                    <option value="">{t('ui.people.noHead')}</option>
                    {heads.map((u) => (
                      <option key={u.username} value={u.username}>
                        {u.displayName}
                      </option>
                    ))}
                  </select>
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** 人员登记: the people register (staff and outside people) with search, and departments with their heads. */
export function PeopleScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const [tab, setTab] = useState<Tab>('people');
  const [search, setSearch] = useState('');
  const [inactive, setInactive] = useState(false);
  const [current, setCurrent] = useState<Person | null>(null);
  const [editing, setEditing] = useState<Person | 'new' | null>(null);
  const query = useDebounced(search.trim(), 150);
  const load = useLoad(() => api.call('people.list', { ...(query ? { search: query } : {}), includeInactive: inactive, limit: 200 }), `${query}-${inactive}`);
  const action = useAction(load);
  const rows = load.data?.rows ?? [];
  return (
    <section className="screen people" aria-labelledby="people-title">
      <div className="screen-head">
        <h1 id="people-title" className="screen-title">
          {t('ui.people.title')}
        </h1>
        <span className="head-actions">
          {tab === 'people' && can('people.add') ? (
            <button type="button" className="btn btn-primary" onClick={() => setEditing('new')} data-testid="add-person">
              {t('ui.people.add')}
            </button>
          ) : null}
        </span>
      </div>
      <div className="toolbar tabs" role="tablist" aria-label={t('ui.people.tabs')}>
        {(['people', 'departments'] as const).map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            className={tab === k ? 'btn btn-small active' : 'btn btn-small'}
            onClick={() => setTab(k)}
            data-testid={`people-tab-${k}`}
          >
            {t(`ui.people.tab.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'departments' ? (
        <DepartmentsTab />
      ) : (
        <>
          <div className="toolbar">
            <Field label={t('ui.people.search')} className="grow">
              <input
                type="search"
                autoFocus
                value={search}
                onChange={(e) => setSearch(e.target.value)}
                placeholder={t('ui.people.searchPlaceholder')}
                data-testid="people-search"
              />
            </Field>
            <label className="check">
              <input type="checkbox" checked={inactive} onChange={(e) => setInactive(e.target.checked)} />
              <span>{t('ui.people.includeInactive')}</span>
            </label>
            <span className="muted" data-testid="people-count">
              {t('ui.people.count', { count: load.data?.total ?? 0 })}
            </span>
          </div>
          <ActionFeedback action={action} />
          <div className="access-split">
            <table className="table table-compact" data-testid="people-table">
              <thead>
                <tr>
                  <th scope="col">{t('ui.people.name')}</th>
                  <th scope="col">{t('ui.people.where')}</th>
                  <th scope="col">{t('ui.people.numbers')}</th>
                  <th scope="col">{t('ui.people.account')}</th>
                </tr>
              </thead>
              <tbody>
                <TableState loading={load.data === null} empty={rows.length === 0} columns={4} />
                {rows.map((p) => (
                  <tr key={p.id} className={p.id === current?.id ? 'selected' : p.active ? undefined : 'former'} data-testid="person-row" data-id={p.id}>
                    <td>
                      <button type="button" className="link" onClick={() => setCurrent(p)} data-testid="person-open">
                        {p.name}
                      </button>
                    </td>
                    <td>{p.kind === 'staff' ? p.departmentName : `${p.organisation} · ${t('ui.access.personKind.outside')}`}</td>
                    <td className="mono small">{p.kind === 'staff' ? [p.staffNo, p.cardNo].filter(Boolean).join(' · ') : p.idNo}</td>
                    <td>{p.username ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {current ? (
              <div>
                {can('people.update') ? (
                  <button type="button" className="btn btn-small" onClick={() => setEditing(current)} data-testid="edit-person">
                    {t('ui.people.edit')}
                  </button>
                ) : null}
                {current.kind === 'staff' && can('people.linkUser') && can('users.list') ? (
                  <LinkUser
                    key={`${current.id}-${current.username ?? ''}`}
                    person={current}
                    onLinked={(saved) => {
                      setCurrent(saved);
                      action.confirm((tt) =>
                        saved.username ? tt('ui.people.linked', { name: saved.name, username: saved.username }) : tt('ui.people.unlinked', { name: saved.name }),
                      );
                    }}
                  />
                ) : null}
                <PersonHistory key={current.id} person={current} />
              </div>
            ) : null}
          </div>
        </>
      )}
      {editing ? (
        <PersonDialog
          person={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onDone={(saved) => {
            setEditing(null);
            setCurrent(saved);
            action.confirm((tt) => tt('ui.people.saved', { name: saved.name }));
          }}
        />
      ) : null}
    </section>
  );
}
