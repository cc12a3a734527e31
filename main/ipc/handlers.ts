// The handler table: one function per contract method (common/contract.ts), each a call into the service that
// does the work. The dispatcher (dispatcher.ts) has already checked the method, the caller's access and the
// arguments against the contract before any of these runs, and checks the result after.
import type { AppInfo } from '../../common/contract';
import { DEMO_CARD_IDS, SIM_FAULTS, type ReaderService } from '../devices/idcard';
import type { CameraGuard } from '../devices/camera/camera-guard';
import type { HealthService } from '../health/health-service';
import { manualSessionCard } from '../session/adapters/manual-card';
import type { SessionOrchestrator } from '../session/orchestrator';
import { dsrHandlers, type DsrConsole } from '../staff/dsr-console';
import type { StaffMode } from '../staff/staff-mode';
import type { Handlers } from './dispatcher';

export interface HandlerDeps {
  info: AppInfo;
  health: HealthService;
  camera: Pick<CameraGuard, 'report'>;
  session: SessionOrchestrator;
  staff: StaffMode;
  reader: Pick<ReaderService, 'simulator' | 'controlSimulator'> & Partial<Pick<ReaderService, 'demoCards'>>;
  dsrConsole: DsrConsole;
  /** Whether an authority source is configured (manual entry needs one to compare the face with). */
  authority: boolean;
  /** Asks the fleet lock-out about a typed-in ID number before the session accepts it (fleet link only). */
  screenManualCard?: (idNumber: string) => Promise<void>;
}

/** The session's methods: what the screen asks of the session, each already checked against the contract. */
export type SessionMethodName =
  | 'getSessionView'
  | 'startSession'
  | 'decideConsent'
  | 'confirmCard'
  | 'confirmGuardian'
  | 'submitFrame'
  | 'retrySession'
  | 'cancelSession'
  | 'answerIntent'
  | 'submitIntentAudio'
  | 'reportIntentMicrophone'
  | 'noteIntentActivity'
  | 'setLanguage'
  | 'setElderlyMode';

export function sessionHandlers(session: SessionOrchestrator): Pick<Handlers, SessionMethodName> {
  return {
    getSessionView: () => session.view(),
    // The session checks its admission (the trusted environment) itself, for this start as for the API's.
    startSession: (args) => session.start(args),
    decideConsent: (args) => session.decideConsent(args),
    confirmCard: (args) => session.confirmCard(args),
    confirmGuardian: (args) => session.confirmGuardian(args),
    submitFrame: (args) => session.submitFrame(args),
    retrySession: (args) => session.retry(args),
    cancelSession: (args) => session.cancel(args),
    answerIntent: (args) => session.answerIntent(args),
    submitIntentAudio: (args) => session.submitIntentAudio(args),
    reportIntentMicrophone: (args) => session.reportIntentMicrophone(args),
    noteIntentActivity: (args) => session.noteIntentActivity(args),
    setLanguage: (args) => session.setLanguage(args),
    setElderlyMode: (args) => session.setElderlyMode(args),
  };
}

export function createHandlers(d: HandlerDeps): Handlers {
  const { session, health, staff, reader } = d;
  return {
    getAppInfo: () => d.info,
    getHealth: () => health.get(),
    callStaff: ({ step }) => {
      health.requestAssistance(step);
      return null;
    },
    reportCamera: (report) => {
      // The camera guard judges the camera (virtual, not allowed, a file) and updates health with the verdict.
      d.camera.report(report);
      return null;
    },
    ...sessionHandlers(session),
    getStaffStatus: () => staff.status(),
    unlockStaff: ({ pin }) => staff.unlock(pin),
    lockStaff: () => staff.lock(),
    getStaffOverview: () => {
      const h = session.health();
      return {
        health: health.get(),
        lockedCards: h.lockedCards,
        auditFailures: h.auditFailures,
        recent: session.staffRecords().slice(0, 100),
        simulator: reader.simulator
          ? { demoCards: reader.demoCards ?? [...DEMO_CARD_IDS], faults: [...SIM_FAULTS] }
          : null,
        manualEntry: d.authority ? ('available' as const) : ('needs-authority' as const),
      };
    },
    enterCardManually: async ({ name, idNumber }) => {
      const card = manualSessionCard(name, idNumber);
      await d.screenManualCard?.(card.idNumber);
      return session.enterCardManually(card);
    },
    resetSession: () => session.reset(),
    controlSimulator: async (command) => {
      await reader.controlSimulator(command);
      return null;
    },
    ...dsrHandlers(d.dsrConsole),
  };
}
