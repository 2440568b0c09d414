import type { EngineEvent } from '@switchyard/protocol';

type Listener = (e: EngineEvent) => void;

/** The event stream: network created/removed, endpoint joined/left, sandbox created/removed. */
export class Events {
  private readonly listeners = new Set<Listener>();

  emit(e: Omit<EngineEvent, 'time'>): void {
    const event = { time: new Date().toISOString(), ...e };
    for (const l of this.listeners) l(event);
  }

  subscribe(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
