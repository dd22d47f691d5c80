import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DossierError } from '../../../shared/errors.js';
import type { ImportKind, ImportMapping, ImportProblem, ImportReport, ValueChoice, ValueChoices } from '../../../shared/ops/import.js';
import { MAX_IMPORT_BYTES, MAX_UPLOAD_IMPORT_BYTES } from '../../../shared/ops/import.js';
import { IMPORT_FIELDS } from '../../../shared/domain/importFields.js';
import { InlineJob } from '../components/Jobs.js';
import { ErrorLine, FormActions, TableState } from '../components/ui.js';
import { useAction, useCatalog, useErrorText } from '../hooks.js';
import { jobOutcome, useJobs, whenFinished } from '../stores/jobs.js';
import { canStreamUploads, sendForImport } from '../streams.js';
import type { ImportSource } from '../streams.js';
import './Import.css';

type Encoding = 'auto' | 'utf8' | 'gbk';

/** A problem of a row as one sentence in the clerk's language. */
export function problemError(problem: ImportProblem): DossierError {
  return new DossierError(problem.code, problem.params);
}

export function ImportScreen() {
  const { t } = useTranslation();
  const catalog = useCatalog();
  const errorText = useErrorText();
  const [kind, setKind] = useState<ImportKind>('clients');
  const [file, setFile] = useState<File | null>(null);
  // The chosen file as the engine holds it (an upload, or base64 where no upload route exists); a run consumes an upload.
  const [source, setSource] = useState<ImportSource | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [encoding, setEncoding] = useState<Encoding>('auto');
  const [mapping, setMapping] = useState<ImportMapping | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  // null: the engine's defaults (every sheet with a recognised header; the remembered choices).
  const [sheets, setSheets] = useState<string[] | null>(null);
  const [valueChoices, setValueChoices] = useState<ValueChoices | null>(null);
  const [stale, setStale] = useState(false);
  const importing = useAction();
  const { busy, error, setError } = importing;
  const columnLabels: Record<string, string> = catalog.enums.spreadsheetColumn;
  const isCsv = file?.name.toLowerCase().endsWith('.csv') ?? false;

  function reset() {
    setReport(null);
    setMapping(null);
    setSheets(null);
    setValueChoices(null);
    setStale(false);
    setError(null);
  }

  async function pick(input: HTMLInputElement) {
    reset();
    setSource(null);
    const chosen = input.files?.[0];
    if (!chosen) {
      setFile(null);
      return;
    }
    const limit = canStreamUploads() ? MAX_UPLOAD_IMPORT_BYTES : MAX_IMPORT_BYTES;
    if (chosen.size > limit) {
      setFile(null);
      setError(new DossierError('validation', { detail: t('ui.import.tooLarge', { mb: limit / 1024 / 1024 }) }));
      return;
    }
    setFile(chosen);
  }

  async function prepared(): Promise<ImportSource> {
    if (source) return source;
    if (!file) throw new Error('no file');
    setUploading(true);
    try {
      const sent = await sendForImport(file);
      setSource(sent);
      return sent;
    } finally {
      setUploading(false);
    }
  }

  /** Runs the operation as a job (progress and cancel inline and in the tray) and answers its report. */
  async function asJob(operation: 'import.check' | 'import.run'): Promise<ImportReport> {
    if (!file) throw new Error('no file');
    const from = await prepared();
    if (operation === 'import.run' && 'uploadId' in from) setSource(null);
    const started = await useJobs.getState().start(operation, input(from), { subject: file.name });
    setJobId(started.id);
    return jobOutcome<ImportReport>(await whenFinished(started.id));
  }

  function input(from: ImportSource) {
    if (!file) throw new Error('no file');
    return {
      kind,
      fileName: file.name,
      ...from,
      encoding,
      mode: 'good-rows' as const,
      ...(mapping ? { mapping } : {}),
      ...(sheets ? { sheets } : {}),
      ...(valueChoices ? { valueChoices } : {}),
    };
  }

  function check() {
    if (!file) return;
    void importing.run(
      async () => {
        const result = await asJob('import.check');
        setReport(result);
        setMapping(result.mapping);
        setValueChoices(result.valueChoices);
        setStale(false);
      },
      { onError: () => setReport(null) },
    );
  }

  function run() {
    if (!file) return;
    void importing.run(async () => {
      setReport(await asJob('import.run'));
      setStale(false);
    });
  }

  const done = report && !report.dryRun;
  return (
    <section className="screen import" aria-labelledby="import-title">
      <div className="screen-head">
        <h1 id="import-title" className="screen-title">
          {t('ui.import.title')}
        </h1>
      </div>
      <p className="muted intro">{t('ui.import.intro')}</p>

      <div className="card wizard">
        <div className="step">
          <span className="step-no">1</span>
          <div className="step-body">
            <div className="step-title">{t('ui.import.kind')}</div>
            <div className="radio-row">
              {(['clients', 'files'] as const).map((k) => (
                <label key={k} className="check">
                  <input
                    type="radio"
                    name="import-kind"
                    checked={kind === k}
                    onChange={() => {
                      setKind(k);
                      reset();
                    }}
                    data-testid={`import-kind-${k}`}
                  />
                  <span>{t(`ui.import.kinds.${k}`)}</span>
                </label>
              ))}
            </div>
            <p className="muted small">{t(`ui.import.kindHint.${kind}`)}</p>
          </div>
        </div>
        <div className="step">
          <span className="step-no">2</span>
          <div className="step-body">
            <div className="step-title">{t('ui.import.file')}</div>
            <div className="file-row">
              <input type="file" accept=".xlsx,.ods,.csv" onChange={(e) => void pick(e.currentTarget)} data-testid="import-file-input" aria-label={t('ui.import.file')} />
              {isCsv ? (
                <label className="inline-field">
                  <span>{t('ui.import.encoding')}</span>
                  <select
                    value={encoding}
                    onChange={(e) => {
                      setEncoding(e.target.value as Encoding);
                      setStale(true);
                    }}
                    data-testid="encoding-select"
                  >
                    {(['auto', 'utf8', 'gbk'] as const).map((enc) => (
                      <option key={enc} value={enc}>
                        {t(`ui.import.encodings.${enc}`)}
                      </option>
                    ))}
                  </select>
                </label>
              ) : null}
            </div>
            <div className="step-actions">
              <button type="button" className="btn btn-primary" disabled={!file || busy} onClick={check} data-testid="dry-run-button">
                {busy ? t('ui.common.busy') : t('ui.import.dryRun')}
              </button>
            </div>
          </div>
        </div>
      </div>
      {uploading ? (
        <p className="muted small" data-testid="import-uploading">
          {t('ui.jobs.uploading')}
        </p>
      ) : null}
      {busy && !report ? <InlineJob id={jobId} /> : null}
      <ErrorLine error={error} />

      {mapping && report ? (
        <>
          <h2 className="section-title">{t('ui.import.mapping')}</h2>
          <p className="muted small">{t('ui.import.mappingHint')}</p>
          <table className="table table-compact mapping" data-testid="mapping-table">
            <thead>
              <tr>
                <th scope="col">{t('ui.import.header')}</th>
                <th scope="col">{t('ui.import.field')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(mapping).map(([header, field]) => (
                <tr key={header} data-testid="mapping-row">
                  <td>{header}</td>
                  <td>
                    <select
                      aria-label={t('ui.import.fieldFor', { header })}
                      value={field ?? ''}
                      disabled={!!done}
                      onChange={(e) => {
                        setMapping({ ...mapping, [header]: e.target.value || null });
                        setStale(true);
                      }}
                      data-testid="mapping-select"
                    >
                      <option value="">{t('ui.import.ignore')}</option>
                      {IMPORT_FIELDS[kind].map((f) => (
                        <option key={f} value={f}>
                          {columnLabels[f] ?? f}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>

          {report.sheets.length > 1 ? (
            <SheetChooser
              report={report}
              chosen={sheets ?? report.sheets.filter((sh) => sh.read).map((sh) => sh.name)}
              disabled={!!done}
              onChange={(next) => {
                setSheets(next);
                setStale(true);
              }}
            />
          ) : null}
          {report.unknownValues.length && !done ? (
            <UnknownValues
              report={report}
              choices={valueChoices ?? {}}
              onChange={(next) => {
                setValueChoices(next);
                setStale(true);
              }}
            />
          ) : null}

          <h2 className="section-title">{done ? t('ui.import.resultTitle') : t('ui.import.reportTitle')}</h2>
          <div className={`summary ${done ? 'summary-done' : ''}`} data-testid="import-summary">
            {done
              ? t('ui.import.imported', { clients: report.created.clients, files: report.created.files, items: report.created.items, bad: report.badRows })
              : t('ui.import.checked', {
                  total: report.totalRows,
                  good: report.goodRows,
                  bad: report.badRows,
                  clients: report.created.clients,
                  files: report.created.files,
                  items: report.created.items,
                })}
            {report.sheets.length > 1 ? (
              <span className="muted" data-testid="import-sheets-read">
                {' '}
                ·{' '}
                {t('ui.import.sheetsRead', {
                  sheets: report.sheets
                    .filter((sh) => sh.read)
                    .map((sh) => sh.name)
                    .join('、'),
                })}
              </span>
            ) : null}
            {report.encoding ? <span className="muted"> · {t('ui.import.readAs', { encoding: report.encoding })}</span> : null}
            {stale ? <span className="badge badge-on_loan">{t('ui.import.stale')}</span> : null}
          </div>
          <table className="table table-compact" data-testid="import-report">
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('ui.import.row')}
                </th>
                {report.sheets.length > 1 ? <th scope="col">{t('ui.import.sheetColumn')}</th> : null}
                <th scope="col">{t('ui.import.column')}</th>
                <th scope="col">{t('ui.import.problem')}</th>
              </tr>
            </thead>
            <tbody>
              <TableState loading={false} empty={report.problems.length === 0} columns={report.sheets.length > 1 ? 4 : 3} />
              {report.problems.map((p, i) => (
                <tr key={`${p.row}-${p.column}-${i}`} data-testid="import-report-row" data-row={p.row}>
                  <td className="num">{p.row || t('ui.common.dash')}</td>
                  {report.sheets.length > 1 ? <td>{p.sheet ?? ''}</td> : null}
                  <td>{p.column ?? ''}</td>
                  <td>{errorText(problemError(p))}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {busy ? <InlineJob id={jobId} /> : null}
          {!done ? (
            <FormActions>
              {stale ? (
                <button type="button" className="btn" disabled={busy} onClick={check}>
                  {t('ui.import.recheck')}
                </button>
              ) : null}
              <button type="button" className="btn btn-primary btn-large" disabled={busy || stale || report.goodRows === 0} onClick={run} data-testid="import-button">
                {t('ui.import.run', { count: report.goodRows })}
              </button>
            </FormActions>
          ) : (
            <FormActions>
              <button
                type="button"
                className="btn"
                onClick={() => {
                  setFile(null);
                  reset();
                }}
              >
                {t('ui.import.again')}
              </button>
            </FormActions>
          )}
          {done && report.archiveNos.length ? (
            <p className="muted small" data-testid="import-archive-nos">
              {t('ui.import.archiveNos', { list: report.archiveNos.join('、') })}
            </p>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

/** The workbook's sheets: which are read (ticked), and why a sheet cannot be. */
function SheetChooser({ report, chosen, disabled, onChange }: { report: ImportReport; chosen: string[]; disabled: boolean; onChange: (sheets: string[]) => void }) {
  const { t } = useTranslation();
  return (
    <>
      <h2 className="section-title">{t('ui.import.sheets')}</h2>
      <p className="muted small">{t('ui.import.sheetsHint')}</p>
      <ul className="sheet-list" data-testid="import-sheets">
        {report.sheets.map((sheet) => {
          const readable = sheet.status === 'recognised' || sheet.status === 'notChosen';
          return (
            <li key={sheet.name} data-testid="import-sheet" data-sheet={sheet.name}>
              <label className="check">
                <input
                  type="checkbox"
                  checked={readable && chosen.includes(sheet.name)}
                  disabled={disabled || !readable}
                  onChange={(e) => onChange(e.target.checked ? [...chosen, sheet.name] : chosen.filter((name) => name !== sheet.name))}
                />
                <span>{sheet.name}</span>
              </label>
              <span className="muted small">
                {' '}
                · {t(`ui.import.sheetStatus.${sheet.status}`)} · {t('ui.import.sheetRows', { rows: sheet.rows })}
              </span>
            </li>
          );
        })}
      </ul>
    </>
  );
}

/** Each classification value the archive does not know, once, with what to do with it. */
function UnknownValues({ report, choices, onChange }: { report: ImportReport; choices: ValueChoices; onChange: (choices: ValueChoices) => void }) {
  const { t } = useTranslation();
  const set = (scheme: string, value: string, choice: ValueChoice | null) => {
    const forScheme = { ...(choices[scheme] ?? {}) };
    if (choice) forScheme[value] = choice;
    else delete forScheme[value];
    onChange({ ...choices, [scheme]: forScheme });
  };
  return (
    <>
      <h2 className="section-title">{t('ui.import.unknownTitle')}</h2>
      <p className="muted small">{t('ui.import.unknownHint')}</p>
      <table className="table table-compact" data-testid="unknown-values">
        <thead>
          <tr>
            <th scope="col">{t('ui.import.column')}</th>
            <th scope="col">{t('ui.import.problem')}</th>
            <th scope="col">{t('ui.import.choice')}</th>
          </tr>
        </thead>
        <tbody>
          {report.unknownValues.map((u) => {
            const choice = choices[u.scheme]?.[u.value] ?? null;
            return (
              <tr key={`${u.scheme}:${u.value}`} data-testid="unknown-value" data-value={u.value}>
                <td>{u.column}</td>
                <td>{t('ui.import.unknownLine', { column: u.column, value: u.value, count: u.count })}</td>
                <td className="choice-cell">
                  <select
                    aria-label={t('ui.import.choice')}
                    value={choice?.action ?? 'ask'}
                    onChange={(e) => {
                      const action = e.target.value as ValueChoice['action'] | 'ask';
                      set(u.scheme, u.value, action === 'ask' ? null : action === 'map' ? { action, to: u.accepted[0] ?? '' } : { action });
                    }}
                    data-testid="unknown-choice"
                  >
                    {(['ask', 'add', 'map', 'empty'] as const).map((action) => (
                      <option key={action} value={action}>
                        {t(`ui.import.choices.${action}`)}
                      </option>
                    ))}
                  </select>
                  {choice?.action === 'map' ? (
                    <select
                      aria-label={t('ui.import.mapTo')}
                      value={choice.to ?? ''}
                      onChange={(e) => set(u.scheme, u.value, { action: 'map', to: e.target.value })}
                      data-testid="unknown-map-to"
                    >
                      {u.accepted.map((label) => (
                        <option key={label} value={label}>
                          {label}
                        </option>
                      ))}
                    </select>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </>
  );
}
