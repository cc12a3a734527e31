// The web host's per-run secret, made here when `npm start` supervises the host so it survives restarts
// (same format as main/hosts/web/token.ts newToken).
import { randomBytes } from 'node:crypto';

export const newToken = () => randomBytes(24).toString('base64url');
