// Runs the colour-flash plan of the current liveness check on the page: a FlashPlayer per plan, driven by
// requestAnimationFrame, painting straight onto the surface element inside the animation-frame callback (not via
// React state, which would paint later than the time logged). React only hears about phase changes and the
// explanation's countdown, to show the right words.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FlashPlan, FlashReport } from '../../../common/flash';
import { FlashPlayer, type FlashPaint, type FlashPhase } from './flash-player';

export interface FlashHandle {
  /** Null when the current step has no colour flash. */
  phase: FlashPhase | null;
  gentle: boolean;
  /** Toggles gentle mode while the explanation is up. */
  toggleGentle(): void;
  /** Whole seconds until the first colour. */
  introSecondsLeft: number;
  /** Seconds the colours take in the chosen mode. */
  playSeconds: number;
  /** The element the colours fill. */
  surfaceRef: React.RefObject<HTMLDivElement | null>;
  /** The paint log to send with a frame grabbed now, or null. */
  report(): FlashReport | null;
}

function applyPaint(el: HTMLDivElement | null, p: FlashPaint): void {
  if (!el) return;
  el.style.transition = p.fadeMs > 0 ? `background-color ${p.fadeMs}ms linear` : 'none';
  el.style.backgroundColor = p.rgb ? `rgb(${p.rgb[0]}, ${p.rgb[1]}, ${p.rgb[2]})` : 'transparent';
  el.dataset.index = String(p.index);
  el.dataset.phase = p.rgb ? 'playing' : 'done';
}

export function useFlash(plan: FlashPlan | null): FlashHandle {
  const surfaceRef = useRef<HTMLDivElement>(null);
  const playerRef = useRef<FlashPlayer | null>(null);
  const [phase, setPhase] = useState<FlashPhase | null>(null);
  const [gentle, setGentle] = useState(false);
  const [introSecondsLeft, setIntroSecondsLeft] = useState(0);
  // The view is re-sent with every analysed frame; only a new planId starts a new player.
  const planId = plan?.planId ?? null;
  const planRef = useRef(plan);
  planRef.current = plan;

  useEffect(() => {
    const current = planRef.current;
    if (!current || planId === null) {
      playerRef.current = null;
      setPhase(null);
      return;
    }
    const player = new FlashPlayer(current, performance.now(), (p) => applyPaint(surfaceRef.current, p));
    playerRef.current = player;
    setPhase('intro');
    setGentle(false);
    setIntroSecondsLeft(Math.ceil(current.introMs / 1000));
    let raf = 0;
    let shownPhase: FlashPhase = 'intro';
    let shownSeconds = -1;
    const frame = (ts: number) => {
      player.tick(ts);
      if (player.phase !== shownPhase) {
        shownPhase = player.phase;
        setPhase(shownPhase);
      }
      const seconds = Math.ceil(player.introRemainingMs(ts) / 1000);
      if (seconds !== shownSeconds) {
        shownSeconds = seconds;
        setIntroSecondsLeft(seconds);
      }
      if (player.phase !== 'done') raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => {
      cancelAnimationFrame(raf);
      if (playerRef.current === player) playerRef.current = null;
      const el = surfaceRef.current;
      if (el) {
        el.style.backgroundColor = 'transparent';
        el.dataset.phase = 'done';
      }
    };
  }, [planId]);

  const toggleGentle = useCallback(() => {
    const player = playerRef.current;
    if (player && player.setGentle(!player.gentle)) setGentle(player.gentle);
  }, []);

  const report = useCallback(() => playerRef.current?.report() ?? null, []);

  const player = playerRef.current;
  return {
    phase,
    gentle,
    toggleGentle,
    introSecondsLeft,
    playSeconds: player ? Math.ceil(player.playMs / 1000) : 0,
    surfaceRef,
    report,
  };
}
