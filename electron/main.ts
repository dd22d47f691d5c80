/**
 * Entry of the Electron main process, bundled to dist-electron/main.cjs (CJS, so
 * `__dirname` is the dist-electron folder, inside app.asar when packaged).
 */
import { startApp } from './app.js';

startApp({ mainDir: __dirname });
