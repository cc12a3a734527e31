// LivenessEvaluatorFactory backed by main/liveness's LivenessSession: one per capture attempt, with the liveness
// config (active challenges on in production; the e2e fixture turns them off by configuration). During colour
// flash it hands the plan out with each update and the screen's paint log in with each frame.
import type { LivenessConfig } from '../../liveness/config';
import { LivenessSession } from '../../liveness/session';
import type { LivenessEvaluator, LivenessEvaluatorFactory, LivenessUpdate } from '../ports';

export class LivenessSessionFactory implements LivenessEvaluatorFactory {
  constructor(
    private readonly config: LivenessConfig,
    /** Wall clock for the total-time bound (performance.now in production). */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  create(): LivenessEvaluator {
    let session: LivenessSession | null = new LivenessSession(this.config, { clock: this.clock });
    return {
      onFrame: (analysis, frame, flash): LivenessUpdate => {
        if (!session) return { state: 'failed', reason: 'LIVENESS_DISPOSED' };
        const step = session.onFrame(analysis, { nonce: session.nonce, frame, ...(flash ? { flash } : {}) });
        if (!step.done) {
          const params = step.prompt.params;
          return {
            state: 'running',
            prompt: step.prompt.key,
            ...(params ? { params } : {}),
            progress: step.progress,
            ...(step.flash ? { flash: step.flash } : {}),
          };
        }
        const result = step.result;
        return result?.passed
          ? { state: 'passed' }
          : { state: 'failed', reason: result?.reason ?? 'LIVENESS_FAILED' };
      },
      dispose: () => {
        session = null;
      },
    };
  }
}
