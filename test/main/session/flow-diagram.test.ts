// The flow diagram in docs/session.md is the machine's: regenerated from main/session/flow.ts, it must equal what is
// checked in (run `npm run docs:session` after changing the flow).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagramBlock, flowMermaid, withDiagram } from '../../../main/session/flow-diagram';
import { sessionFlow, TIMED_STEPS } from '../../../main/session/flow';

const DOC = path.join(__dirname, '..', '..', '..', 'docs', 'session.md');

describe('docs/session.md flow diagram', () => {
  it('matches the machine', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toContain(diagramBlock());
    expect(withDiagram(doc)).toBe(doc);
  });

  it('draws every state and every event of the machine', () => {
    const text = flowMermaid();
    const flow = sessionFlow.root.states.active!.states.flow!;
    // Read from the machine itself: every state of the flow region, every event a step takes, every timeout.
    const states = Object.keys(flow.states);
    expect(states).toEqual(expect.arrayContaining([...TIMED_STEPS, 'retryOffer', 'finishing']));
    for (const state of states) expect(text).toContain(`state "${state}" as active_flow_${state}`);
    for (const state of Object.values(flow.states))
      for (const event of Object.keys(state.on))
        if (!event.startsWith('xstate.')) expect(text).toContain(`: ${event}`);
    for (const step of TIMED_STEPS)
      expect(text).toContain(`active_flow_${step} --> active_flow_${step} : after ${step} timeout`);
  });

  it('would fail on a changed machine: a drawing with one edge less does not match', () => {
    const doc = readFileSync(DOC, 'utf8');
    const edited = doc.replace('active_flow_retryOffer --> active_flow_capture : retry\n', '');
    expect(edited).not.toBe(doc);
    expect(withDiagram(edited)).not.toBe(edited);
  });
});
