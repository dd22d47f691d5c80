import { LabelPrintButton, OutdatedLabelsButton } from '../components/LabelPrint.js';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FILE_STATUS } from '../../../shared/domain/enums.js';
import { LOCATION_KINDS } from '../../../shared/ops/locations.js';
import type { LocationFile, LocationKind, LocationNode } from '../../../shared/ops/locations.js';
import { api } from '../api.js';
import { useListEditor } from '../components/ListEditor.js';
import { SelectAllBox, SelectBox, SelectionBar, useSelection } from '../components/Selection.js';
import { ActionFeedback, ConfidentialityBadge, Dialog, Field, FormActions, StatusBadge, TableState, useConfirm } from '../components/ui.js';
import { useAction, useCan } from '../hooks.js';
import { useNav } from '../stores/nav.js';
import { SortHeader, useSort } from '../sorting.js';
import type { SortValue } from '../sorting.js';
import './Locations.css';

type FileColumn = 'archiveNo' | 'title' | 'clientName' | 'status';
// Statuses in their own order (在库 before 借出 …), names by pinyin.
const fileValue = (file: LocationFile, key: FileColumn): SortValue => (key === 'status' ? FILE_STATUS.indexOf(file.status) : file[key]);

/** The kind of location that goes inside one of `kind` (null: boxes hold nothing but files). */
export function childKind(kind: LocationKind): LocationKind | null {
  return LOCATION_KINDS[LOCATION_KINDS.indexOf(kind) + 1] ?? null;
}

/** Fill level 0..1 (null: unlimited). */
export function fillLevel(node: Pick<LocationNode, 'capacity' | 'fileCount'>): number | null {
  if (node.capacity === null) return null;
  if (node.capacity === 0) return node.fileCount > 0 ? 1 : 0;
  return Math.min(1, node.fileCount / node.capacity);
}

type Editing = { mode: 'new'; kind: LocationKind; parent: LocationNode | null } | { mode: 'edit'; node: LocationNode };

export function LocationsScreen() {
  const { t } = useTranslation();
  const can = useCan();
  const go = useNav((s) => s.go);
  const tree = useListEditor<LocationNode[], Editing>(async () => (await api.call('locations.tree')).nodes);
  const { data: nodes, error, setError, editing, edit: setEditing } = tree;
  const [selected, setSelected] = useState<string | null>(null);
  const [files, setFiles] = useState<LocationFile[] | null>(null);
  const fileKeys = useMemo(() => files?.map((f) => f.archiveNo) ?? [], [files]);
  const selection = useSelection(fileKeys);
  const { sorted: shownFiles, sort, toggle: sortBy } = useSort<LocationFile, FileColumn>(files, fileValue);
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const mayEdit = can('locations.save');
  const { dialog, ask } = useConfirm();

  useEffect(() => {
    if (!selected) {
      setFiles(null);
      return;
    }
    setFiles(null);
    api.call('locations.files', { id: selected }).then(setFiles, setError);
  }, [selected, nodes, setError]);

  async function remove(node: LocationNode) {
    if (!(await ask({ title: t('ui.locations.removeConfirm', { name: node.path }), confirmLabel: t('ui.locations.remove'), danger: true }))) return;
    void tree.action.run(
      async () => {
        await api.call('locations.remove', { id: node.id });
        if (selected === node.id) setSelected(null);
      },
      { notice: (tt) => tt('ui.locations.removedOk', { name: node.name }) },
    );
  }

  // Hide the descendants of collapsed nodes (the tree arrives depth first).
  const visible: LocationNode[] = [];
  const byId = new Map((nodes ?? []).map((n) => [n.id, n]));
  for (const node of nodes ?? []) {
    let parent = node.parentId ? byId.get(node.parentId) : undefined;
    let hidden = false;
    while (parent) {
      if (collapsed.has(parent.id)) hidden = true;
      parent = parent.parentId ? byId.get(parent.parentId) : undefined;
    }
    if (!hidden) visible.push(node);
  }
  const current = selected ? byId.get(selected) : undefined;

  return (
    <section className="screen" aria-labelledby="locations-title">
      {dialog}
      <div className="screen-head">
        <h1 id="locations-title" className="screen-title">
          {t('ui.locations.title')}
        </h1>
        <OutdatedLabelsButton />
        {mayEdit ? (
          <button type="button" className="btn btn-primary" onClick={() => setEditing({ mode: 'new', kind: 'room', parent: null })} data-testid="add-room-button">
            {t('ui.locations.addRoom')}
          </button>
        ) : null}
      </div>
      <ActionFeedback action={tree.action} />
      <div className="split">
        <div className="tree card" role="tree" aria-label={t('ui.locations.title')} data-testid="location-tree">
          {nodes && nodes.length === 0 ? <p className="muted center">{t('ui.locations.empty')}</p> : null}
          {!nodes && !error ? <p className="muted center">{t('ui.common.loading')}</p> : null}
          {visible.map((node) => {
            const level = fillLevel(node);
            const child = childKind(node.kind);
            return (
              <div
                key={node.id}
                role="treeitem"
                aria-selected={node.id === selected}
                aria-expanded={node.childCount ? !collapsed.has(node.id) : undefined}
                className={`tree-node kind-${node.kind}${node.id === selected ? ' selected' : ''}`}
                style={{ paddingLeft: 8 + node.depth * 22 }}
                onClick={() => setSelected(node.id)}
                data-testid="location-node"
                data-kind={node.kind}
                data-path={node.path}
              >
                <button
                  type="button"
                  className="twisty"
                  aria-label={collapsed.has(node.id) ? t('ui.locations.expand') : t('ui.locations.collapse')}
                  style={{ visibility: node.childCount ? 'visible' : 'hidden' }}
                  onClick={(e) => {
                    e.stopPropagation();
                    setCollapsed((c) => {
                      const next = new Set(c);
                      if (next.has(node.id)) next.delete(node.id);
                      else next.add(node.id);
                      return next;
                    });
                  }}
                >
                  {collapsed.has(node.id) ? '▸' : '▾'}
                </button>
                <span className={`kind-tag kind-tag-${node.kind}`}>{t(`ui.locations.kinds.${node.kind}`)}</span>
                <span className="node-name">{node.name}</span>
                <span className="node-code mono muted">{node.code}</span>
                <span className="fill" title={t('ui.locations.fillTitle', { files: node.fileCount, count: node.fileCount, capacity: node.capacity ?? '∞' })}>
                  {level !== null ? (
                    <span className="fill-bar">
                      <span className={`fill-level${level >= 1 ? ' full' : level >= 0.85 ? ' high' : ''}`} style={{ width: `${Math.round(level * 100)}%` }} />
                    </span>
                  ) : null}
                  <span className="fill-text" data-testid="fill-text">
                    {node.capacity !== null ? `${node.fileCount} / ${node.capacity}` : t('ui.locations.filesOnly', { files: node.fileCount, count: node.fileCount })}
                  </span>
                </span>
                {mayEdit ? (
                  <span className="node-actions">
                    {child ? (
                      <button
                        type="button"
                        className="btn btn-small"
                        onClick={(e) => {
                          e.stopPropagation();
                          setEditing({ mode: 'new', kind: child, parent: node });
                        }}
                        data-testid="add-child-button"
                      >
                        + {t(`ui.locations.kinds.${child}`)}
                      </button>
                    ) : null}
                    <button
                      type="button"
                      className="btn btn-small"
                      onClick={(e) => {
                        e.stopPropagation();
                        setEditing({ mode: 'edit', node });
                      }}
                      data-testid="edit-location-button"
                    >
                      {t('ui.locations.edit')}
                    </button>
                    {node.childCount === 0 && node.fileCount === 0 ? (
                      <button
                        type="button"
                        className="btn btn-small btn-quiet-danger"
                        onClick={(e) => {
                          e.stopPropagation();
                          void remove(node);
                        }}
                      >
                        {t('ui.locations.remove')}
                      </button>
                    ) : null}
                  </span>
                ) : null}
              </div>
            );
          })}
        </div>
        <div className="split-side">
          <h2 className="section-title">{current ? t('ui.locations.filesAt', { path: current.path }) : t('ui.locations.pickOne')}</h2>
          {current && current.fileCount > 0 ? (
            <div className="toolbar">
              <LabelPrintButton selection={{ locationId: current.id }} count={current.fileCount} testId="location-labels-button" />
              <LabelPrintButton selection={{ locationId: current.id }} boxLabels label={t('ui.labels.printBoxes')} testId="location-box-labels-button" />
            </div>
          ) : null}
          {current && files && files.length > 0 ? <SelectionBar selection={selection} /> : null}
          {current ? (
            <table className="table table-compact" data-testid="location-files">
              <thead>
                <tr>
                  <th scope="col" className="select-cell">
                    <SelectAllBox selection={selection} />
                  </th>
                  <SortHeader label={t('ui.fields.archiveNo')} column="archiveNo" sort={sort} onSort={sortBy} />
                  <SortHeader label={t('ui.fields.fileTitle')} column="title" sort={sort} onSort={sortBy} />
                  <SortHeader label={t('ui.fields.client')} column="clientName" sort={sort} onSort={sortBy} />
                  <SortHeader label={t('ui.fields.status')} column="status" sort={sort} onSort={sortBy} />
                </tr>
              </thead>
              <tbody>
                <TableState loading={files === null} empty={files?.length === 0} columns={5} />
                {shownFiles?.map((f) => (
                  <tr key={f.archiveNo} data-testid="location-file-row">
                    <td className="select-cell">
                      <SelectBox selection={selection} id={f.archiveNo} label={f.archiveNo} />
                    </td>
                    <td className="mono nowrap">
                      <button type="button" className="link" onClick={() => go({ name: 'file', archiveNo: f.archiveNo })}>
                        {f.archiveNo}
                      </button>
                    </td>
                    <td>
                      {f.title} {f.confidentiality !== 'normal' ? <ConfidentialityBadge level={f.confidentiality} /> : null}
                      {f.locationId !== current.id ? <div className="muted small">{f.locationPath}</div> : null}
                    </td>
                    <td>{f.clientName}</td>
                    <td>
                      <StatusBadge status={f.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </div>
      {editing ? <LocationDialog editing={editing} onClose={tree.close} onSaved={(node) => tree.saved((tt) => tt('ui.locations.savedOk', { name: node.path }))} /> : null}
    </section>
  );
}

function LocationDialog({ editing, onSaved, onClose }: { editing: Editing; onSaved(node: LocationNode): void; onClose(): void }) {
  const { t } = useTranslation();
  const node = editing.mode === 'edit' ? editing.node : null;
  const kind = editing.mode === 'edit' ? editing.node.kind : editing.kind;
  const [code, setCode] = useState(node?.code ?? '');
  const [name, setName] = useState(node?.name ?? '');
  const [capacity, setCapacity] = useState(node?.capacity != null ? String(node.capacity) : '');
  const save = useAction();
  const ready = code.trim() && name.trim();

  const submit = save.submit(
    async () => {
      const cap = capacity.trim() === '' ? null : Math.max(0, Math.floor(Number(capacity)));
      const saved = await api.call(
        'locations.save',
        node
          ? { id: node.id, code: code.trim(), name: name.trim(), capacity: cap }
          : { kind, parentId: editing.mode === 'new' ? (editing.parent?.id ?? null) : null, code: code.trim(), name: name.trim(), capacity: cap },
      );
      onSaved(saved);
    },
    { enabled: ready },
  );

  const title = node
    ? t('ui.locations.editTitle', { name: node.path })
    : t('ui.locations.newTitle', { kind: t(`ui.locations.kinds.${kind}`), parent: editing.mode === 'new' && editing.parent ? editing.parent.path : t('ui.locations.top') });
  return (
    <Dialog title={title} onClose={onClose}>
      <form onSubmit={submit} noValidate data-testid="location-form">
        <div className="form-row">
          <Field label={t('ui.locations.code')} className="grow">
            <input type="text" required autoFocus maxLength={40} value={code} onChange={(e) => setCode(e.target.value)} data-testid="location-code-input" />
          </Field>
          <Field label={t('ui.locations.name')} className="grow">
            <input type="text" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} data-testid="location-name-input" />
          </Field>
        </div>
        <Field label={t('ui.locations.capacity')} hint={t('ui.locations.capacityHint')}>
          <input type="number" min={0} value={capacity} onChange={(e) => setCapacity(e.target.value)} data-testid="location-capacity-input" />
        </Field>
        <FormActions action={save} onCancel={onClose} submit={{ label: t('ui.common.save'), testId: 'location-submit', disabled: !ready }} />
      </form>
    </Dialog>
  );
}
