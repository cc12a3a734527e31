// The one interface every authority / verification provider adapter implements: the national identity
// platform's photo comparison (MPS), or another provider named in the deployment's agreement.
export interface AuthorityIdentity {
  /** 18-character resident ID number (17 digits + digit or X). */
  idNumber: string;
  /** Name as printed on the card; sent only when the provider needs it (config sendName). */
  name: string;
}

export interface FaceImage {
  /** JPEG or PNG bytes of the best frame (already cropped/downscaled by vision where possible). */
  bytes: Buffer;
  format: 'jpeg' | 'png';
}

export type AuthorityResult = 'match' | 'no_match' | 'no_photo';

/** What the kiosk keeps of an answer: never a photo or any personal field the provider sent back. */
export interface AuthorityVerdict {
  result: AuthorityResult;
  /** Provider's similarity, 0–100, when it gives one. */
  score?: number;
  /** Provider's transaction reference, for reconciliation and disputes. */
  reference: string;
  provider: string;
}

export interface AuthorityVerifier {
  readonly provider: string;
  /**
   * Asks the provider whether the face belongs to the identity. Throws HexinError with AUTHORITY_TIMEOUT,
   * AUTHORITY_UNAVAILABLE, AUTHORITY_CIRCUIT_OPEN, AUTHORITY_BAD_REPLY, AUTHORITY_REJECTED or AUTHORITY_BAD_INPUT
   * when it cannot say.
   */
  verify(identity: AuthorityIdentity, face: FaceImage, signal?: AbortSignal): Promise<AuthorityVerdict>;
}
