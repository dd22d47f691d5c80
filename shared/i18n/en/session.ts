import type { sessionUi as zhSessionUi } from '../zh-CN/session.js';

/** English: first run (creating the archive) and unlocking. */
export const sessionUi: typeof zhSessionUi = {
  setup: {
    title: 'Create the archive',
    intro: 'First run: create the encrypted archive and its administrator. The password encrypts all archive data and cannot be recovered if lost; keep it safe.',
    archiveName: 'Archive name',
    defaultArchiveName: 'Client Records Office',
    adminSection: 'Administrator account',
    username: 'User name',
    usernameHint: 'For signing in; letters, digits and . _ @ -',
    displayName: 'Display name',
    department: 'Department',
    defaultDepartment: 'Records office',
    password: 'Password',
    passwordHint: 'At least {{min}} characters',
    passwordRepeat: 'Repeat password',
    passwordTooShort: 'The password needs at least {{min}} characters.',
    passwordMismatch: 'The passwords do not match.',
    demo: 'Fill with demo data',
    demoHint: 'Generates sample clients, files and loans so you can try the product.',
    submit: 'Create archive and sign in',
    submitting: 'Creating the archive…',
  },
  unlock: {
    title: 'Sign in',
    subtitle: 'The archive is encrypted and locked. Enter your user name and password to unlock it.',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Unlocking…',
  },
};
