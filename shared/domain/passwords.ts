/** The password rule of key slots; the engine enforces it, the screens show it before submitting. */
export const MIN_PASSWORD_LENGTH = 8;

/** Counts code points, so a password of eight Chinese characters is eight long. */
export function passwordTooShort(password: string): boolean {
  return [...password].length < MIN_PASSWORD_LENGTH;
}
