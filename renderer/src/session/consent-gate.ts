// When the consent screen may send "agree": the text was read to the end, the agreement box is ticked, and every
// required separate confirmation is ticked. Pure, so the rule is unit-tested apart from the screen.
import type { Confirmation } from '../../../common/consent';

/** Pixels of slack when deciding "at the end": sub-pixel layouts never reach scrollHeight exactly. */
export const END_SLACK_PX = 8;

export function isScrolledToEnd(
  box: { scrollTop: number; clientHeight: number; scrollHeight: number },
  slackPx = END_SLACK_PX,
): boolean {
  return box.scrollTop + box.clientHeight >= box.scrollHeight - slackPx;
}

export interface ConsentGateInput {
  scrolledToEnd: boolean;
  agreeTicked: boolean;
  confirmations: readonly Pick<Confirmation, 'id' | 'required'>[];
  ticked: ReadonlySet<string>;
}

export interface ConsentGate {
  canAgree: boolean;
  /** Ids of required confirmations not ticked yet. */
  missing: string[];
}

export function consentGate(input: ConsentGateInput): ConsentGate {
  const missing = input.confirmations.filter((c) => c.required && !input.ticked.has(c.id)).map((c) => c.id);
  return { canAgree: input.scrolledToEnd && input.agreeTicked && missing.length === 0, missing };
}

/**
 * The confirmations to send with a decision: on agree, the ticked ones that the agreement offers (in its order);
 * on refuse, none — a refusal confirms nothing.
 */
export function confirmationsToSend(
  decision: 'agree' | 'refuse',
  confirmations: readonly Pick<Confirmation, 'id'>[],
  ticked: ReadonlySet<string>,
): string[] {
  return decision === 'agree' ? confirmations.filter((c) => ticked.has(c.id)).map((c) => c.id) : [];
}
