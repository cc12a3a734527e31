// Adapts the ResultIssuer to the session's ResultDelivery port (main/session/ports.ts): signs the session's final
// decision — pass or fail — for the one third party the person was shown at consent (the session passes its id;
// nothing else can name a recipient) and queues it for delivery.
import { HexinError } from '../../../common/errors';
import type { DeliveryInput, ResultDelivery } from '../../session/ports';
import type { IssuedResult, ResultIssuer } from './issuer';

export interface ResultDeliveryAdapterOptions {
  issuer: ResultIssuer;
  livenessMode: string;
  /** Told every issued result, e.g. so the business-app API can hand the token back. */
  onIssued?: (sessionId: string, issued: IssuedResult) => void;
}

export class ResultDeliveryAdapter implements ResultDelivery {
  constructor(private readonly options: ResultDeliveryAdapterOptions) {}

  async deliver(input: DeliveryInput): Promise<void> {
    if (!input.thirdPartyId) {
      throw new HexinError('THIRD_PARTY_UNKNOWN', `no third party authorised for session ${input.sessionId}`);
    }
    const scores: { local?: number; authority?: number } = {};
    if (input.score !== null) scores.local = input.score;
    if (input.authorityScore !== undefined) scores.authority = input.authorityScore;
    const issued = await this.options.issuer.issue({
      thirdPartyId: input.thirdPartyId,
      sessionId: input.sessionId,
      decision: input.decision,
      reason: input.reason,
      livenessMode: this.options.livenessMode,
      matchPolicy: input.matchPolicy,
      purpose: input.purpose,
      verifiedAt: new Date(),
      idNumber: input.idNumber,
      // Raw scores leave the kiosk only when the deployment enables it (delivery.includeScores).
      scores,
    });
    this.options.onIssued?.(input.sessionId, issued);
  }
}
