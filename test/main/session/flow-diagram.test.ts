// The flow diagram in docs/session.md is the machine's: regenerated from main/session/flow.ts, it must equal what is
// checked in (run `npm run docs:session` after changing the flow).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagramBlock, flowMermaid, withDiagram } from '../../../main/session/flow-diagram';
import { sessionFlow } from '../../../main/session/flow';

const DOC = path.join(__dirname, '..', '..', '..', 'docs', 'session.md');

describe('docs/session.md flow diagram', () => {
  it('matches the machine', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toContain(diagramBlock());
    expect(withDiagram(doc)).toBe(doc);
  });

  it('draws every state and every event of the machine', () => {
    const text = flowMermaid();
    for (const step of [
      'consent',
      'card',
      'guardian',
      'capture',
      'liveness',
      'match',
      'intent',
      'retryOffer',
    ])
      expect(text).toContain(`state "${step}" as active_flow_${step}`);
    for (const event of Object.keys(sessionFlow.root.states.active!.states.flow!.states.card!.on))
      if (!event.startsWith('xstate.')) expect(text).toContain(`: ${event}`);
    expect(text).toContain('active_flow_capture --> active_flow_capture : after capture timeout');
  });

  it('would fail on a changed machine: a drawing with one edge less does not match', () => {
    const doc = readFileSync(DOC, 'utf8');
    const edited = doc.replace('active_flow_retryOffer --> active_flow_capture : retry\n', '');
    expect(edited).not.toBe(doc);
    expect(withDiagram(edited)).not.toBe(edited);
  });
});
