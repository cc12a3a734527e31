// Elderly mode (长辈模式, config accessibility.elderly) on the session side: chosen at the start (the attract
// screen's button) or during the session (the offer when the card says 65 or older), it slows the session — every
// step, idle and end-screen time × timeoutFactor (the flow's pace, flow.ts), the idle warning as much earlier
// (view.ts) — and the liveness check, created after it was chosen, asks livenessChallenges challenges, one at a
// time, each window × livenessWindowFactor (main/liveness/config.ts atElderlyPace). It lasts for the session.
import { HexinError } from '../../../common/errors';
import type { ElderlyModeCommand, SessionView } from '../../../common/session';
import type { ElderlyModeConfig } from '../../accessibility/config';
import type { ElderlyLivenessPace } from '../../liveness/config';
import type { SessionCore } from '../core';
import type { ActiveSession } from '../session-state';

/** Elderly mode's config; the mode cannot be chosen where the kiosk has it off. */
export function elderlyConfig(core: SessionCore): ElderlyModeConfig {
  const elderly = core.config.accessibility.elderly;
  if (!elderly.enabled) throw new HexinError('SESSION_BAD_COMMAND', 'elderly mode is off on this kiosk');
  return elderly;
}

/** Sets the flow's pace for a session in (or out of) elderly mode. Before `start`, it covers the first step too. */
export function applyPace(core: SessionCore, elderly: ElderlyModeConfig | null): void {
  core.flow.setPace(elderly?.timeoutFactor ?? 1);
}

/**
 * The person chose elderly mode during the session (or left it): the idle countdown starts again at the new pace
 * now, each step from the next one on (a step's running timer keeps its length), and a liveness check not yet
 * begun gets the elderly pace.
 */
export function setElderlyMode(core: SessionCore, cmd: ElderlyModeCommand): SessionView {
  const config = elderlyConfig(core);
  const s = core.session;
  if (!s) throw new HexinError('SESSION_NOT_ACTIVE', 'no session is running');
  s.elderly = cmd.enabled ? config : null;
  applyPace(core, s.elderly);
  core.audit(s, 'session.elderly', { enabled: cmd.enabled, step: core.step });
  core.touch();
  core.emit();
  return core.view();
}

/** The liveness pace for this session's next check: elderly mode's, or none (the configured pace). */
export function livenessPace(s: ActiveSession): { pace?: ElderlyLivenessPace } {
  return s.elderly
    ? { pace: { challenges: s.elderly.livenessChallenges, windowFactor: s.elderly.livenessWindowFactor } }
    : {};
}
