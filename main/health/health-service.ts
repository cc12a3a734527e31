// Keeps the latest state of each device and model (and the trusted-environment verdict) and tells the renderer
// when any of them changes.
import type { CameraReport, EnvironmentHealth, Health } from '../../common/health';

type Component = 'reader' | 'camera' | 'models' | 'display' | 'prompts';
type ComponentHealth = NonNullable<Health[Component]>;

export class HealthService {
  private state: Omit<Health, 'at'> = {
    reader: { state: 'starting', detail: '' },
    camera: { state: 'starting', detail: 'not reported by the screen yet' },
    models: { state: 'starting', detail: '' },
    environment: {
      state: 'starting',
      detail: 'not checked yet',
      trusted: null,
      reasons: [],
      unchecked: [],
      mode: 'warn',
      blocking: false,
      clockSkewSeconds: null,
      checkedAt: null,
    },
    assistance: null,
  };
  private readonly listeners = new Set<(health: Health) => void>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  get(): Health {
    return { ...this.state, at: this.now().toISOString() };
  }

  set(component: Component, health: ComponentHealth): void {
    const before = this.state[component];
    if (before && before.state === health.state && before.detail === health.detail) return;
    this.state = { ...this.state, [component]: health };
    this.notify();
  }

  /** The verdict of main/records/environment-monitor.ts; told only when something other than its time changed. */
  setEnvironment(health: EnvironmentHealth): void {
    const strip = ({ checkedAt: _at, ...rest }: EnvironmentHealth) => JSON.stringify(rest);
    const changed = strip(this.state.environment) !== strip(health);
    this.state = { ...this.state, environment: health };
    if (changed) this.notify();
  }

  /** A person at the kiosk asked for staff (the call-staff button); staff health and overview show it. */
  requestAssistance(step: string): void {
    this.state = { ...this.state, assistance: { requestedAt: this.now().toISOString(), step } };
    this.notify();
  }

  /** Staff came (staff mode unlocked): the request is answered. */
  clearAssistance(): void {
    if (this.state.assistance === null) return;
    this.state = { ...this.state, assistance: null };
    this.notify();
  }

  /** Only the renderer can see the camera; it reports what getUserMedia said. */
  reportCamera(report: CameraReport): void {
    const state = report.state === 'ok' ? 'ok' : report.state === 'missing' ? 'missing' : 'error';
    this.set('camera', { state, detail: report.state === 'ok' ? report.label : report.state });
  }

  onChange(listener: (health: Health) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    const snapshot = this.get();
    for (const l of this.listeners) l(snapshot);
  }
}
