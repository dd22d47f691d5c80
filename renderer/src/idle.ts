/** Locks an open archive nobody is using: no key, click, touch or pointer movement for a while. */
import { useEffect, useLayoutEffect, useRef } from 'react';

const ACTIVITY = ['keydown', 'mousedown', 'pointermove', 'wheel', 'touchstart'] as const;
const CHECK_MS = 5_000;

/** Calls `onIdle` once `minutes` pass without activity in this window (null: never). */
export function useIdleLock(minutes: number | null, onIdle: () => void): void {
  const callback = useRef(onIdle);
  useLayoutEffect(() => {
    callback.current = onIdle;
  });
  useEffect(() => {
    if (!minutes || minutes <= 0) return;
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const type of ACTIVITY) window.addEventListener(type, touch, { passive: true, capture: true });
    const timer = setInterval(() => {
      if (Date.now() - last >= minutes * 60_000) {
        last = Date.now();
        callback.current();
      }
    }, CHECK_MS);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) window.removeEventListener(type, touch, { capture: true });
    };
  }, [minutes]);
}
