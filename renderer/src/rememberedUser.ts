/**
 * The last user name, remembered on this computer only when the user ticks the box on the
 * sign-in screen (off by default: on a shared office PC a name on the screen is half of a
 * sign-in and a target for the throttle). A password is never stored.
 */
const KEY = 'dossier.rememberedUsername';

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // storage disabled: nothing is remembered
  }
}

export function rememberedUsername(store: Storage | null = storage()): string {
  try {
    return store?.getItem(KEY) ?? '';
  } catch {
    return '';
  }
}

/** After a successful sign-in: keep the name if asked to, otherwise forget any remembered one. */
export function rememberUsername(username: string, remember: boolean, store: Storage | null = storage()): void {
  try {
    if (remember && username.trim()) store?.setItem(KEY, username.trim());
    else store?.removeItem(KEY);
  } catch {
    // Storage full or disabled: the choice lasts for this page.
  }
}
