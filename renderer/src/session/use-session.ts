// The renderer's view of the session: the latest SessionView main pushed or answered with, plus the error code of the
// last command that failed. Screens are pure functions of this; every command goes through `act` so its answer (the
// new view) is applied at once rather than waiting for the next pushed event.
import { useCallback, useEffect, useState } from 'react';
import type { CallResult } from '../../../common/contract-kit';
import type { SessionView } from '../../../common/session';
import { api } from '../api';

export interface SessionHandle {
  /** Null until main answered once (or when the session service is unavailable). */
  view: SessionView | null;
  /** Error code of the last failed command, cleared by the next successful one or a new step. */
  error: string | null;
  /** A command is in flight: screens disable their buttons so a double tap cannot send it twice. */
  busy: boolean;
  act(call: () => Promise<CallResult<SessionView>>): Promise<boolean>;
  clearError(): void;
}

export function useSession(): SessionHandle {
  const [view, setView] = useState<SessionView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const off = api.onSessionView((v) => {
      setView((old) => {
        // A new step starts with a clean slate: the last command's error belonged to the old one.
        if (old?.step !== v.step) setError(null);
        return v;
      });
    });
    void api.getSessionView({}).then((r) => {
      if (r.ok) setView(r.value);
      else setError(r.error.code);
    });
    return off;
  }, []);

  const act = useCallback(async (call: () => Promise<CallResult<SessionView>>) => {
    setBusy(true);
    try {
      const r = await call();
      if (r.ok) {
        setView(r.value);
        setError(null);
        return true;
      }
      setError(r.error.code);
      return false;
    } finally {
      setBusy(false);
    }
  }, []);

  const clearError = useCallback(() => setError(null), []);
  return { view, error, busy, act, clearError };
}
