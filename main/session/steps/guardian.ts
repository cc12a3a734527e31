// The guardian step (a minor between config guardian.staffAssistedAge and guardianAge): a guardian confirms, which
// is a consent receipt of its own on the agreement the person already accepted (steps/consent.ts), or declines,
// which ends at the refused screen. It keeps nothing of its own.
import { HexinError } from '../../../common/errors';
import type { GuardianConfirmationCommand, SessionView } from '../../../common/session';
import type { SessionCore } from '../core';
import { enterCapture } from './capture';
import { recordConsent } from './consent';
import { endSession } from './ended';

export async function confirmGuardian(
  core: SessionCore,
  cmd: GuardianConfirmationCommand,
): Promise<SessionView> {
  const s = core.require('guardian');
  core.touch();
  if (!cmd.confirmed) {
    core.audit(s, 'guardian.declined', {});
    endSession(core, s, 'refused', { step: 'refused' });
    return core.view();
  }
  if (s.recording) throw new HexinError('SESSION_WRONG_STEP', 'the confirmation is already being recorded');
  const signal = core.flow.signal();
  await recordConsent(core, s, 'agree', true);
  if (signal.aborted) return core.view();
  core.audit(s, 'guardian.confirmed', {});
  enterCapture(core, s, 'guardianConfirmed');
  return core.view();
}
