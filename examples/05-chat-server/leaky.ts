// expect: leaks/no-timer-in-loop, leaks/no-unbounded-collection
// The write loop races every read against a fresh 5 s timer, and keeps every message it
// sent: under load the timer queue and `sendLog` grow until the process is killed.
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Queue {
  next(): Promise<string>;
}

export class ChatClient {
  private open = true;
  private readonly sendLog: string[] = [];

  constructor(private readonly queue: Queue) {}

  async writeLoop(): Promise<void> {
    while (this.open) {
      const msg = await Promise.race([this.queue.next(), sleep(5_000)]); // a timer per turn
      if (msg) {
        await this.write(msg);
        this.sendLog.push(msg); // grows forever
      }
    }
  }

  close(): void {
    this.open = false;
  }

  private async write(msg: string): Promise<void> {
    await Promise.resolve(msg);
  }
}
