// Adapts the ResultIssuer to the session's ResultDelivery port (main/session/ports.ts): signs the session's final
// decision — pass or fail — for the one third party the person was shown at consent (the session passes its id;
// nothing else can name a recipient) and queues it for delivery. The issued token goes back to the session, which
// tells it with its end (main/session/events.ts) to the business-app API.
import { HexinError } from '../../../common/errors';
import type { DeliveryInput, ResultDelivery } from '../../session/ports';
import type { IssuedResult, ResultIssuer } from './issuer';

export interface ResultDeliveryAdapterOptions {
  issuer: ResultIssuer;
  livenessMode: string;
  /** Simulator mode (a demo): every token says `sim: true`, so no party can take it for a real verification. */
  simulated?: boolean;
}

export class ResultDeliveryAdapter implements ResultDelivery {
  constructor(private readonly options: ResultDeliveryAdapterOptions) {}

  async deliver(input: DeliveryInput, signal?: AbortSignal): Promise<IssuedResult> {
    if (!input.thirdPartyId) {
      throw new HexinError('THIRD_PARTY_UNKNOWN', `no third party authorised for session ${input.sessionId}`);
    }
    const scores: { local?: number; authority?: number } = {};
    if (input.score !== null) scores.local = input.score;
    if (input.authorityScore !== undefined) scores.authority = input.authorityScore;
    return this.options.issuer.issue(
      {
        thirdPartyId: input.thirdPartyId,
        sessionId: input.sessionId,
        decision: input.decision,
        reason: input.reason,
        livenessMode: this.options.livenessMode,
        matchPolicy: input.matchPolicy,
        purpose: input.purpose,
        verifiedAt: new Date(),
        idNumber: input.idNumber,
        ...(this.options.simulated ? { simulated: true } : {}),
        // Raw scores leave the kiosk only when the deployment enables it (delivery.includeScores).
        scores,
      },
      signal,
    );
  }
}
