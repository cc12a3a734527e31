// Turns a finished verification into a signed result for the third party the person authorised in this
// session, and queues it for delivery. The session (and the business-app API) call this; nothing else signs.
import { HexinError } from '../../../common/errors';
import type { DeliveryConfig, ThirdPartyConfig } from './config';
import type { ResultDeliverer } from './deliverer';
import type { ResultOutbox } from './outbox';
import { signResultToken, type ResultFacts } from './result-token';
import type { SigningKey } from './signing-key';

export interface IssuedResult {
  token: string;
  /** Outbox entry id, also sent to the party as x-hexin-delivery-id. */
  deliveryId: string;
  expiresAt: Date;
}

export class ResultIssuer {
  constructor(
    private readonly deps: {
      key: SigningKey;
      /** Issuer of every token: the kiosk's id (config kiosk.id). */
      kioskId: string;
      config: DeliveryConfig;
      outbox: ResultOutbox;
      deliverer?: ResultDeliverer;
      now?: () => Date;
    },
  ) {}

  thirdParty(id: string): ThirdPartyConfig {
    const party = this.deps.config.thirdParties.find((p) => p.id === id);
    if (!party) throw new HexinError('THIRD_PARTY_UNKNOWN', `third party '${id}' is not configured`, { id });
    return party;
  }

  /**
   * Signs `facts` for `facts.thirdPartyId`, persists it in the outbox, and nudges the deliverer. Once `signal`
   * aborts (the session that asked has ended) nothing is issued: an entry already written is withdrawn before the
   * deliverer is nudged, and the call rejects with the abort.
   */
  async issue(facts: Omit<ResultFacts, 'kioskId'>, signal?: AbortSignal): Promise<IssuedResult> {
    signal?.throwIfAborted();
    const party = this.thirdParty(facts.thirdPartyId);
    const { config, key, outbox } = this.deps;
    const now = this.deps.now?.() ?? new Date();
    const token = await signResultToken(
      key,
      { ...facts, kioskId: this.deps.kioskId },
      {
        idHashKey: Buffer.from(party.idHashKey, 'base64'),
        ttlSeconds: config.tokenTtlSeconds,
        includeScores: config.includeScores,
        now: () => now,
      },
    );
    signal?.throwIfAborted();
    const expiresAt = new Date(Math.floor(now.getTime() / 1000) * 1000 + config.tokenTtlSeconds * 1000);
    const entry = await outbox.enqueue(
      { thirdPartyId: party.id, token, expiresAt: expiresAt.getTime() },
      now.getTime(),
    );
    if (signal?.aborted) {
      await outbox.withdraw(entry.id);
      signal.throwIfAborted();
    }
    this.deps.deliverer?.kick();
    return { token, deliveryId: entry.id, expiresAt };
  }
}
