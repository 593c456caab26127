// One watchdog per turn, cleared on every path; the log keeps the last 100 messages.
const LOG_CAP = 100;

interface Queue {
  next(): Promise<string>;
}

export class ChatClient {
  private open = true;
  private readonly sendLog: string[] = [];

  constructor(private readonly queue: Queue) {}

  async writeLoop(): Promise<void> {
    while (this.open) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const idle = new Promise<undefined>((resolve) => {
        timer = setTimeout(() => resolve(undefined), 5_000);
      });
      try {
        const msg = await Promise.race([this.queue.next(), idle]);
        if (msg) {
          await this.write(msg);
          this.sendLog.push(msg);
          if (this.sendLog.length > LOG_CAP) this.sendLog.shift();
        }
      } finally {
        clearTimeout(timer);
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
