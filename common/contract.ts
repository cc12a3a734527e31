// The one contract between the renderer and main. Every method the renderer may call and every event main may push
// is declared here once, with runtime schemas. Preload builds `window.hexin` from it, main registers handlers from
// it and validates every argument, and the web host carries it over a loopback socket unchanged.
// Adding a method = one entry here + one handler in main/ipc/handlers.ts.
import { z } from 'zod';
import { method, type ApiOf } from './contract-kit';
import {
  dsrCloseArgsSchema,
  dsrCorrectArgsSchema,
  dsrCorrectResultSchema,
  dsrEraseResultSchema,
  dsrExportResultSchema,
  dsrHoldingsSchema,
  dsrListArgsSchema,
  dsrListSchema,
  dsrOpenArgsSchema,
  dsrRequestViewSchema,
  dsrSubjectArgsSchema,
  dsrWithdrawResultSchema,
} from './dsr';
import { cameraReportSchema, healthSchema } from './health';
import { idNumberSchema } from './id-number';
import {
  cancelCommandSchema,
  cardConfirmationCommandSchema,
  consentDecisionCommandSchema,
  elderlyModeCommandSchema,
  frameAckSchema,
  frameCommandSchema,
  guardianConfirmationCommandSchema,
  intentActivityCommandSchema,
  intentAnswerCommandSchema,
  intentAudioCommandSchema,
  intentMicrophoneCommandSchema,
  languageCommandSchema,
  retryCommandSchema,
  sessionViewSchema,
  staffSessionRecordSchema,
  startCommandSchema,
} from './session';

export const languageSchema = z.enum(['zh-CN', 'en']);

export const appInfoSchema = z.object({
  product: z.string(),
  version: z.string(),
  host: z.enum(['electron', 'web']),
  /** `simulator`: a demo on the simulated reader — the screen shows 演示模式 / DEMO, signed results carry sim: true. */
  readerMode: z.enum(['hardware', 'simulator']),
  kioskId: z.string(),
  defaultLanguage: languageSchema,
  languages: z.array(languageSchema),
  /** Elderly mode (长辈模式) as configured (main/accessibility/config.ts): whether it is offered and how it looks. */
  elderly: z
    .strictObject({
      enabled: z.boolean(),
      offerAtAge: z.number().int().min(0).max(200),
      textScale: z.number().min(1).max(4),
    })
    .optional(),
  /** Spoken guidance (main/accessibility/voice-config.ts) and the prompt files main found missing or altered. */
  voice: z
    .strictObject({
      enabled: z.boolean(),
      volume: z.number().min(0).max(1),
      guidanceSettleMs: z.number().int().min(0),
      guidanceGapMs: z.number().int().min(0),
      guidanceRepeatMs: z.number().int().min(0),
      /** Elderly mode multiplies the three times by this (accessibility.elderly.timeoutFactor). */
      elderlyPaceFactor: z.number().min(1).max(10),
      /** Prompt files (language/[slow/]id.wav) not to play: missing or not as built. */
      unavailable: z.array(z.string().max(120)).max(2_000),
    })
    .optional(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

const empty = z.object({}).strict();

export const staffStatusSchema = z.object({
  unlocked: z.boolean(),
  /** Seconds until staff mode locks itself again. */
  secondsLeft: z.number().int().min(0),
  /** Whether a staff PIN was configured at all (without one, staff mode cannot be entered). */
  pinConfigured: z.boolean(),
});
export type StaffStatus = z.infer<typeof staffStatusSchema>;

export const staffOverviewSchema = z.object({
  health: healthSchema,
  lockedCards: z.number().int().min(0),
  auditFailures: z.number().int().min(0),
  recent: z.array(staffSessionRecordSchema).max(100),
  /** Present when the simulated reader is in use: the demo cards staff can insert. */
  simulator: z.object({ demoCards: z.array(z.string()), faults: z.array(z.string()) }).nullable(),
  /** Manual card entry needs an authority source (there is no chip photo to compare the face with). */
  manualEntry: z.enum(['available', 'needs-authority']),
});
export type StaffOverview = z.infer<typeof staffOverviewSchema>;

export const simulatorCommandSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('insert'), card: z.string().min(1).max(64) }).strict(),
  z.object({ action: z.literal('remove') }).strict(),
  z.object({ action: z.literal('unplug') }).strict(),
  z.object({ action: z.literal('plug') }).strict(),
  z.object({ action: z.literal('fault'), fault: z.string().min(1).max(64) }).strict(),
]);
export type SimulatorCommand = z.infer<typeof simulatorCommandSchema>;

export const methods = {
  getAppInfo: method(empty, appInfoSchema),
  getHealth: method(empty, healthSchema),
  reportCamera: method(cameraReportSchema, z.null()),
  /** The person asks for a member of staff (elderly mode's call-staff button); staff health shows it. */
  callStaff: method(z.strictObject({ step: z.string().min(1).max(40) }), z.null()),

  // The customer's session (main/session). Every call answers with the new view; frames answer with an ack.
  getSessionView: method(empty, sessionViewSchema),
  startSession: method(startCommandSchema, sessionViewSchema),
  decideConsent: method(consentDecisionCommandSchema, sessionViewSchema),
  confirmCard: method(cardConfirmationCommandSchema, sessionViewSchema),
  confirmGuardian: method(guardianConfirmationCommandSchema, sessionViewSchema),
  submitFrame: method(frameCommandSchema, frameAckSchema),
  retrySession: method(retryCommandSchema, sessionViewSchema),
  cancelSession: method(cancelCommandSchema, sessionViewSchema),
  answerIntent: method(intentAnswerCommandSchema, sessionViewSchema),
  // Read-aloud: the recording (answers once it was checked) or why the microphone could not be opened.
  submitIntentAudio: method(intentAudioCommandSchema, sessionViewSchema),
  reportIntentMicrophone: method(intentMicrophoneCommandSchema, sessionViewSchema),
  // Started reading / asked to hear the question again: activity main would not see otherwise (idle timer).
  noteIntentActivity: method(intentActivityCommandSchema, sessionViewSchema),
  setLanguage: method(languageCommandSchema, sessionViewSchema),
  setElderlyMode: method(elderlyModeCommandSchema, sessionViewSchema),

  // Staff mode, behind a PIN (hash in config). Unlocking is open to the kiosk screen; the rest needs it unlocked.
  getStaffStatus: method(empty, staffStatusSchema),
  unlockStaff: method(z.object({ pin: z.string().min(1).max(32) }).strict(), staffStatusSchema),
  lockStaff: method(empty, staffStatusSchema),
  getStaffOverview: method(empty, staffOverviewSchema, 'staff'),
  resetSession: method(empty, sessionViewSchema, 'staff'),
  controlSimulator: method(simulatorCommandSchema, z.null(), 'staff'),
  // Staff type the holder's name and ID number when the reader cannot read the card (session/adapters/manual-card).
  enterCardManually: method(
    z.strictObject({ name: z.string().trim().min(1).max(60), idNumber: idNumberSchema }),
    sessionViewSchema,
    'staff',
  ),

  // Data-subject requests at the staff console (common/dsr.ts, main/staff/dsr-console.ts). Staff only.
  openDsrRequest: method(dsrOpenArgsSchema, dsrRequestViewSchema, 'staff'),
  listDsrRequests: method(dsrListArgsSchema, dsrListSchema, 'staff'),
  locateDsrRecords: method(dsrSubjectArgsSchema, dsrHoldingsSchema, 'staff'),
  exportDsrCopy: method(dsrSubjectArgsSchema, dsrExportResultSchema, 'staff'),
  correctDsrRecord: method(dsrCorrectArgsSchema, dsrCorrectResultSchema, 'staff'),
  eraseDsrRecords: method(dsrSubjectArgsSchema, dsrEraseResultSchema, 'staff'),
  withdrawDsrConsent: method(dsrSubjectArgsSchema, dsrWithdrawResultSchema, 'staff'),
  closeDsrRequest: method(dsrCloseArgsSchema, dsrRequestViewSchema, 'staff'),
};

export const events = {
  healthChanged: healthSchema,
  sessionView: sessionViewSchema,
  staffStatusChanged: staffStatusSchema,
};

export type Methods = typeof methods;
export type Events = typeof events;
export type MethodName = keyof Methods & string;
export type EventName = keyof Events & string;
export type MethodArgs<K extends MethodName> = z.output<Methods[K]['args']>;
export type MethodResult<K extends MethodName> = z.output<Methods[K]['result']>;
export type EventPayload<K extends EventName> = z.output<Events[K]>;

/** The renderer's API type: derived from the contract, never kept by hand. */
export type HexinApi = ApiOf<Methods, Events>;
