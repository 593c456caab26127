// expect: leaks/no-leaked-subscription
// An async send helper adds a listener to the long-lived bus on every call and never
// removes it: the bus keeps every listener, and every message it closes over, forever.
import { EventEmitter } from 'node:events';

export interface Msg {
  id: string;
  body: string;
}

declare function resolveAck(msg: Msg): void;

export function sendWithAck(bus: EventEmitter, msg: Msg): void {
  bus.on('ack', (id: string) => {
    if (id === msg.id) resolveAck(msg);
  });
  bus.emit('send', msg);
}
