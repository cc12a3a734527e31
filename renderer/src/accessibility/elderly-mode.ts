// Whether elderly mode (长辈模式) is on for the person at the kiosk: turned on by the attract screen's button or by
// accepting the offer a card of an older person brings; off again when the kiosk returns to attract. A tiny store
// any screen can read, so the text scale, the contrast and the call-staff button follow it everywhere.
import { useSyncExternalStore } from 'react';

let on = false;
const listeners = new Set<() => void>();

export function setElderlyMode(value: boolean): void {
  if (on === value) return;
  on = value;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function useElderlyMode(): boolean {
  return useSyncExternalStore(subscribe, () => on);
}

/** Applies the mode to the document: the root font size (every size in styles.css is in rem) and a class. */
export function applyElderlyMode(enabled: boolean, textScale: number): void {
  const root = document.documentElement;
  root.classList.toggle('elderly', enabled);
  root.style.fontSize = enabled ? `${22 * textScale}px` : '';
}
