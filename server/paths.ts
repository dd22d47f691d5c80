import os from 'node:os';
import path from 'node:path';

/** Where an archive lives when no folder is given: Electron's `userData` folder for Dossier, plus `archive`. */
export function defaultArchiveDir(): string {
  const home = os.homedir();
  if (process.platform === 'win32') return path.join(process.env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Dossier', 'archive');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Dossier', 'archive');
  return path.join(process.env.XDG_CONFIG_HOME ?? path.join(home, '.config'), 'Dossier', 'archive');
}
