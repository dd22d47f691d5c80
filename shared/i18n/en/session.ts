import type { sessionUi as zhSessionUi } from '../zh-CN/session.js';

/** English: first run (creating the archive) and unlocking. */
export const sessionUi: typeof zhSessionUi = {
  setup: {
    title: 'Create the archive',
    intro:
      'First run: create the encrypted archive and its administrator. The password protects your keys; keep it safe. A recovery key is shown once after creation, for when an administrator password is lost.',
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
  signInNotice: {
    authority_one: 'Since your previous sign-in, users or grants were found changed outside Dossier {{count}} time; the signed values were put back. See the audit log.',
    authority: 'Since your previous sign-in, users or grants were found changed outside Dossier {{count}} times; the signed values were put back. See the audit log.',
    failed_one: 'Since your previous sign-in, {{count}} sign-in failed. See the audit log.',
    failed: 'Since your previous sign-in, {{count}} sign-ins failed. See the audit log.',
    dismiss: 'Dismiss',
  },
  recovery: {
    title: 'Recovery key',
    intro:
      'The archive is created. Below is its recovery key, shown this once: it opens the archive and resets an administrator password. Print it (or write it down carefully) now and lock it in the safe; do not keep it on this computer.',
    keyLabel: 'Recovery key (40 characters in 8 groups)',
    qrLabel: 'QR code of the recovery key',
    archive: 'Archive: {{name}}',
    created: 'Made: {{at}}',
    print: 'Print',
    confirm: 'I have printed or written down the recovery key and will keep it safe',
    done: 'Continue',
    sheetNote:
      'To use it: on the sign-in screen choose “Forgot your password? Use the recovery key” (or run dossier recovery reset-password), enter this key and the administrator user name, and set a new password.',
  },
  unlock: {
    title: 'Sign in',
    subtitle: 'The archive is encrypted and locked. Enter your user name and password to unlock it.',
    username: 'User name',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Unlocking…',
    remember: 'Remember my user name on this computer',
    rememberHint: 'Only the user name is remembered, never the password. Leave this off on a shared computer.',
  },
};
