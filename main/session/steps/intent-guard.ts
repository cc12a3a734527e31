// The guard every command at the intent step passes first (answer, activity, recording, microphone report): the
// prompt it names must be the one shown, in the mode the command needs, and not being checked when the command
// starts a check. One place, so the commands cannot drift apart in what they accept.
import { HexinError } from '../../../common/errors';
import type { IntentDialog, IntentPromptState } from '../ports';
import type { ActiveSession } from '../session-state';

/** The commands at the intent step: the prompt mode each needs, and the refusals (named prompt, being checked). */
const COMMANDS = {
  answer: [
    'answer',
    'the answer names another prompt than the one shown',
    'the answer is already being recorded',
  ],
  activity: [null, 'the activity names another prompt than the one shown', null],
  recording: [
    'read-aloud',
    'the recording names another sentence than the one shown',
    'a recording is already being checked',
  ],
  report: ['read-aloud', 'the report names another sentence than the one shown', null],
} as const;

/**
 * The guard every intent command passes first: the dialog and its prompt when `promptId` names the prompt shown,
 * in the mode the command needs and (for those that start a check) not being checked; else SESSION_WRONG_STEP.
 */
export function promptShown(
  s: ActiveSession,
  promptId: string,
  command: keyof typeof COMMANDS,
): { dialog: IntentDialog; it: Readonly<IntentPromptState> } {
  const [mode, refusal, busy] = COMMANDS[command];
  const dialog = s.intent;
  const it = dialog?.state;
  if (!dialog || !it || (mode !== null && it.mode !== mode) || it.promptId !== promptId) {
    throw new HexinError('SESSION_WRONG_STEP', refusal);
  }
  if (busy !== null && it.checking) throw new HexinError('SESSION_WRONG_STEP', busy);
  return { dialog, it };
}
