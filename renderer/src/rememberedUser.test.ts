import { describe, expect, it } from 'vitest';
import { rememberedUsername, rememberUsername } from './rememberedUser.js';

function memoryStorage(): Storage {
  const data = new Map<string, string>();
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    getItem: (k) => data.get(k) ?? null,
    key: (i) => [...data.keys()][i] ?? null,
    removeItem: (k) => void data.delete(k),
    setItem: (k, v) => void data.set(k, v),
  };
}

describe('the remembered user name', () => {
  it('keeps only the name, only when asked, and forgets it when the box is cleared', () => {
    const store = memoryStorage();
    expect(rememberedUsername(store)).toBe('');
    rememberUsername(' wangfang ', false, store);
    expect(rememberedUsername(store)).toBe('');
    rememberUsername('wangfang', true, store);
    expect(rememberedUsername(store)).toBe('wangfang');
    expect(store.length).toBe(1);
    rememberUsername('wangfang', false, store);
    expect(rememberedUsername(store)).toBe('');
    expect(store.length).toBe(0);
  });
});
