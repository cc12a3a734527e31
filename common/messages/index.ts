// Every error message a person may see, merged from one table per area. Each area owns its own file;
// add one line here when you add a table.
import { generalMessages } from './general';
import { visionMessages } from './vision';
import { livenessMessages } from './liveness';
import { recordsMessages } from './records';
import { integrationsMessages } from './integrations';
import { sessionMessages } from './session';
import { intentMessages } from './intent';
import { readerMessages } from './reader';
import { staffMessages } from './staff';
import { cameraMessages } from './camera';
import type { Language, MessageTable, PersonMessage } from './types';

export type { Language, MessageTable, PersonMessage } from './types';
export { LANGUAGES } from './types';

export const personMessages: MessageTable = {
  ...generalMessages,
  ...visionMessages,
  ...livenessMessages,
  ...intentMessages,
  ...recordsMessages,
  ...integrationsMessages,
  ...sessionMessages,
  ...readerMessages,
  ...staffMessages,
  ...cameraMessages,
};

/** The person's words for an error code; unknown codes fall back to the general INTERNAL message. */
export function messageFor(code: string, lang: Language): string {
  const entry: PersonMessage = personMessages[code] ?? generalMessages.INTERNAL;
  return entry[lang];
}
