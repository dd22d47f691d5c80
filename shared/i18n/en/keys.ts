import type { keysUi as zhKeysUi } from '../zh-CN/keys.js';

/** English: the archive's keys in the application — the recovery key on the sign-in screen, and renewing every key. */
export const keysUi: typeof zhKeysUi = {
  recoverForm: {
    link: 'Forgot your password? Use the recovery key',
    title: "Reset an administrator's password with the recovery key",
    intro:
      'The recovery key is the 40 characters printed when the archive was created (or its keys last renewed) and kept in the safe. It sets a new password for one administrator; other users’ passwords are reset by an administrator under Settings > Users.',
    key: 'Recovery key',
    keyHint: '40 characters; spaces, dashes and any case are fine.',
    username: 'Administrator user name',
    password: 'New password',
    passwordHint: 'At least {{min}} characters',
    passwordRepeat: 'Repeat the new password',
    passwordTooShort: 'The password needs at least {{min}} characters.',
    passwordMismatch: 'The passwords do not match.',
    submit: 'Reset password',
    submitting: 'Resetting…',
    back: 'Back to sign-in',
    done: "{{username}}'s password was reset with the recovery key. Sign in with the new password.",
    rebuilt: 'The signed authority no longer verified; it was signed again from the current user list: after signing in, check the users and their roles.',
  },
  rekey: {
    title: 'Renew every key',
    intro:
      "When a key may have leaked (a lost computer or backup, an administrator who left or was demoted), renew all of the archive's keys: a new data key and administrator key, every user's key slot resealed, and a new recovery key. Passwords stay the same; the old keys, the old recovery key and old copies of the key file no longer open anything.",
    button: 'Renew every key…',
    confirmTitle: "Renew all of the archive's keys?",
    confirmBody:
      'Other jobs are cancelled meanwhile; afterwards you are signed out and shown the new recovery key once, so have a printer ready. The old recovery key stops working.',
    confirm: 'Renew keys',
    running: 'Renewing keys… (step {{done}} of {{total}})',
    failed: 'The keys were not renewed:',
    renewedIntro:
      'Every key of the archive was renewed and you were signed out. Below is the new recovery key, shown this once: the old one no longer works. Print it now (or copy it carefully), keep it in the safe and destroy the old one.',
  },
};
