// expect: leaks/no-recursion-in-try
// A player's send loop written as recursion inside try/catch: every message leaves a frame
// and a pending promise behind, so one player's connection grows without bound.
export interface Socket {
  read(): Promise<string>;
}

declare function handle(msg: string): void;

export async function pump(sock: Socket): Promise<void> {
  try {
    const msg = await sock.read();
    handle(msg);
    await pump(sock); // not a tail call: this frame and its promise stay alive
  } catch {
    await pump(sock);
  }
}
