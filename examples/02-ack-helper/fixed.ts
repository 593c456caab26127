// The listener is removed as soon as its ack arrives, or when the wait times out.
import { EventEmitter } from 'node:events';

export interface Msg {
  id: string;
  body: string;
}

declare function resolveAck(msg: Msg): void;

export function sendWithAck(bus: EventEmitter, msg: Msg, timeoutMs = 5_000): void {
  const onAck = (id: string): void => {
    if (id !== msg.id) return;
    clearTimeout(timer);
    bus.off('ack', onAck);
    resolveAck(msg);
  };
  const timer = setTimeout(() => bus.off('ack', onAck), timeoutMs);
  bus.on('ack', onAck);
  bus.emit('send', msg);
}
