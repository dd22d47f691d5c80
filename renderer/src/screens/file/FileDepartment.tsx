import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FileDetail } from '../../../../shared/contract.js';
import type { Department } from '../../../../shared/ops/departments.js';
import { api } from '../../api.js';
import type { Action } from '../../hooks.js';

const ACCOUNT_MANAGER = '';

/**
 * The department the file belongs to (its approvals go to that department's head): set here,
 * or left to follow the client's account manager.
 */
export function FileDepartment({ file, action, mayEdit }: { file: FileDetail; action: Action; mayEdit: boolean }) {
  const { t } = useTranslation();
  const [departments, setDepartments] = useState<Department[]>([]);
  useEffect(() => {
    let live = true;
    api.call('departments.list').then(
      (list) => live && setDepartments(list),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  const name = file.departmentName ?? t('ui.common.dash');
  const how = file.departmentExplicit ? '' : t('ui.filePage.departmentByManager');
  return (
    <>
      <dt>
        <label htmlFor="file-department">{t('ui.filePage.department')}</label>
      </dt>
      <dd data-testid="file-department">
        {mayEdit ? (
          <select
            id="file-department"
            value={file.departmentExplicit ? (file.departmentId ?? ACCOUNT_MANAGER) : ACCOUNT_MANAGER}
            disabled={action.busy}
            onChange={(e) => void action.run(() => api.call('departments.assignFile', { archiveNo: file.archiveNo, departmentId: e.target.value || null }))}
            data-testid="file-department-select"
          >
            <option value={ACCOUNT_MANAGER}>{t('ui.filePage.departmentFollowManager', { name: file.departmentExplicit ? t('ui.common.dash') : name })}</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
        ) : (
          <>
            {name} {how ? <span className="muted small">{how}</span> : null}
          </>
        )}
      </dd>
    </>
  );
}
