// How each device's and model's own status reads on the staff health panel (common/health.ts): one line of
// state and detail per component, worked out here so the composition root only connects sources to the panel.
import type { ComponentHealth } from '../../common/health';
import type { ReaderMode } from '../devices/idcard/config';
import type { ReaderStatus } from '../devices/idcard/types';
import type { VisionStatus } from '../vision/service';

/**
 * The reader: missing, in error (with its code), or working — degraded when it is the simulated one. In simulator
 * mode (a demo) every line says so first, whatever the simulated reader is doing.
 */
export function readerHealth(status: ReaderStatus, mode: ReaderMode = 'hardware'): ComponentHealth {
  const own = ownReaderHealth(status);
  if (mode !== 'simulator') return own;
  return {
    state: own.state === 'ok' ? 'degraded' : own.state,
    detail: `DEMO MODE (reader.mode simulator): ${own.detail}`,
  };
}

function ownReaderHealth(status: ReaderStatus): ComponentHealth {
  const name = status.reader ? `${status.reader.name} (${status.reader.transport})` : '';
  switch (status.state) {
    case 'no-reader':
      return { state: 'missing', detail: 'no ID card reader found' };
    case 'error':
      return { state: 'error', detail: `${name} ${status.error?.code ?? ''}`.trim() };
    default:
      return {
        state: status.reader?.transport === 'simulated' ? 'degraded' : 'ok',
        detail: `${name} — ${status.state}`,
      };
  }
}

/** The models: loaded (how many), loading, or failed (the last error, else the models that did not load). */
export function modelsHealth(status: VisionStatus): ComponentHealth {
  if (status.state === 'ready') return { state: 'ok', detail: `${status.models.length} models loaded` };
  if (status.state === 'starting') return { state: 'starting', detail: 'loading models' };
  const failed = status.models.filter((m) => !m.ok);
  return {
    state: 'error',
    detail: status.lastError
      ? `${status.lastError.code}: ${status.lastError.message}`
      : failed.map((m) => m.name).join(', '),
  };
}
