import { describe, expect, it } from 'vitest';
import {
  confirmationsToSend,
  consentGate,
  isScrolledToEnd,
} from '../../../renderer/src/session/consent-gate';

const confirmations = [
  { id: 'sensitive-info', required: true },
  { id: 'third-party', required: true },
  { id: 'marketing', required: false },
];

describe('consent gate', () => {
  it('agree needs the end reached, the box ticked and every required confirmation', () => {
    const all = new Set(['sensitive-info', 'third-party']);
    expect(consentGate({ scrolledToEnd: true, agreeTicked: true, confirmations, ticked: all })).toEqual({
      canAgree: true,
      missing: [],
    });
    expect(
      consentGate({ scrolledToEnd: false, agreeTicked: true, confirmations, ticked: all }).canAgree,
    ).toBe(false);
    expect(
      consentGate({ scrolledToEnd: true, agreeTicked: false, confirmations, ticked: all }).canAgree,
    ).toBe(false);
  });

  it('names the required confirmations still missing; optional ones are never required', () => {
    const gate = consentGate({
      scrolledToEnd: true,
      agreeTicked: true,
      confirmations,
      ticked: new Set(['third-party', 'marketing']),
    });
    expect(gate).toEqual({ canAgree: false, missing: ['sensitive-info'] });
  });

  it('nothing ticked (the starting state) never allows agree', () => {
    const gate = consentGate({ scrolledToEnd: true, agreeTicked: false, confirmations, ticked: new Set() });
    expect(gate.canAgree).toBe(false);
    expect(gate.missing).toEqual(['sensitive-info', 'third-party']);
  });

  it('sends only offered confirmations on agree, in the agreement order, and none on refuse', () => {
    const ticked = new Set(['third-party', 'sensitive-info', 'not-offered']);
    expect(confirmationsToSend('agree', confirmations, ticked)).toEqual(['sensitive-info', 'third-party']);
    expect(confirmationsToSend('refuse', confirmations, ticked)).toEqual([]);
  });

  it('counts the end as reached within the slack, not before', () => {
    expect(isScrolledToEnd({ scrollTop: 600, clientHeight: 400, scrollHeight: 1000 })).toBe(true);
    expect(isScrolledToEnd({ scrollTop: 595, clientHeight: 400, scrollHeight: 1000 })).toBe(true);
    expect(isScrolledToEnd({ scrollTop: 500, clientHeight: 400, scrollHeight: 1000 })).toBe(false);
    // Text shorter than the box: nothing to scroll, read at once.
    expect(isScrolledToEnd({ scrollTop: 0, clientHeight: 400, scrollHeight: 300 })).toBe(true);
  });
});
