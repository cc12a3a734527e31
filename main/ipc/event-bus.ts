// Events main pushes to the renderer. Payloads are checked against the contract before they leave, so a host
// never forwards something the renderer's types do not promise.
import { events, type EventName, type EventPayload } from '../../common/contract';
import { describeZodError } from './dispatcher';

export type EventListener = (name: EventName, payload: unknown) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    const checked = events[name].safeParse(payload);
    if (!checked.success)
      throw new Error(`event ${name} breaks the contract: ${describeZodError(checked.error)}`);
    for (const listener of this.listeners) listener(name, checked.data);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
