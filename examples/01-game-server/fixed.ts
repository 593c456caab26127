// A loop around the try: each turn's frame is gone before the next begins.
export interface Socket {
  read(): Promise<string>;
}

declare function handle(msg: string): void;

export async function pump(sock: Socket): Promise<void> {
  for (;;) {
    try {
      const msg = await sock.read();
      handle(msg);
    } catch {
      // a failed read: go round again
    }
  }
}
