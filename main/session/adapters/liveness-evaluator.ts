// LivenessEvaluatorFactory backed by main/liveness's LivenessSession: one per capture attempt, with the liveness
// config (active challenges on in production; the e2e fixture turns them off by configuration). During colour
// flash it hands the plan out with each update and the screen's paint log in with each frame.
import { atElderlyPace, type ElderlyLivenessPace, type LivenessConfig } from '../../liveness/config';
import { LivenessSession } from '../../liveness/session';
import type { LivenessEvaluator, LivenessEvaluatorFactory, LivenessUpdate } from '../ports';

export class LivenessSessionFactory implements LivenessEvaluatorFactory {
  constructor(
    private readonly config: LivenessConfig,
    /** Wall clock for the total-time bound (performance.now in production). */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** `pace`: elderly mode — fewer challenges, each with a longer window (atElderlyPace). */
  create({ pace }: { sessionId?: string; pace?: ElderlyLivenessPace } = {}): LivenessEvaluator {
    const config = pace ? atElderlyPace(this.config, pace) : this.config;
    let session: LivenessSession | null = new LivenessSession(config, { clock: this.clock });
    return {
      onFrame: (analysis, frame, flash): LivenessUpdate => {
        if (!session) return { state: 'failed', reason: 'LIVENESS_DISPOSED' };
        const step = session.onFrame(analysis, { nonce: session.nonce, frame, ...(flash ? { flash } : {}) });
        if (!step.done) {
          const params = step.prompt.params;
          const c = step.challenge;
          return {
            state: 'running',
            prompt: step.prompt.key,
            ...(params ? { params } : {}),
            progress: step.progress,
            ...(step.flash ? { flash: step.flash } : {}),
            ...(c
              ? {
                  challenge: {
                    index: c.index,
                    total: c.total,
                    secondsLeft: Math.min(600, Math.ceil(c.remainingMs / 1000)),
                  },
                }
              : {}),
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
