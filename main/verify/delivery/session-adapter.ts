// Adapts the ResultIssuer to the session's ResultDelivery port (main/session/ports.ts): signs the result for the
// third party authorised in this session and queues it for delivery. Which third party that is comes from
// whoever started the session (the business-app API) through `thirdPartyFor`; with none, nothing is sent.
import { HexinError } from '../../../common/errors';
import type { DeliveryInput, ResultDelivery } from '../../session/ports';
import type { MatchPolicy } from '../authority/config';
import type { IssuedResult, ResultIssuer } from './issuer';

export interface ResultDeliveryAdapterOptions {
  issuer: ResultIssuer;
  /** The third party the person authorised for this session, or undefined when none was named. */
  thirdPartyFor: (sessionId: string, purpose: string) => string | undefined;
  livenessMode: string;
  matchPolicy: MatchPolicy;
  /** Told every issued result, e.g. so the business-app API can hand the token back. */
  onIssued?: (sessionId: string, issued: IssuedResult) => void;
}

export class ResultDeliveryAdapter implements ResultDelivery {
  constructor(private readonly options: ResultDeliveryAdapterOptions) {}

  async deliver(input: DeliveryInput): Promise<void> {
    const thirdPartyId = this.options.thirdPartyFor(input.sessionId, input.purpose);
    if (!thirdPartyId) {
      throw new HexinError('THIRD_PARTY_UNKNOWN', `no third party authorised for session ${input.sessionId}`);
    }
    const issued = await this.options.issuer.issue({
      thirdPartyId,
      sessionId: input.sessionId,
      decision: input.decision,
      livenessMode: this.options.livenessMode,
      matchPolicy: this.options.matchPolicy,
      purpose: input.purpose,
      verifiedAt: new Date(),
      idNumber: input.idNumber,
      // Raw scores leave the kiosk only when the deployment enables it (delivery.includeScores).
      scores: { local: input.score },
    });
    this.options.onIssued?.(input.sessionId, issued);
  }
}
