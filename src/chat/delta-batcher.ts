/**
 * An answer's deltas as chunks: the first is sent at once; deltas that arrive while a send is
 * scheduled (one network read of the model's stream often holds many) are joined and sent
 * together on the next turn of the event loop. A model streaming token by token is relayed
 * token by token; a burst costs one chunk instead of one per token, on every bus, socket and client.
 */
export class DeltaBatcher {
  private pending = '';
  private scheduled = false;
  private first = true;
  /** The sends so far, in order; a failed send fails every later `flush`. */
  private sent: Promise<void> = Promise.resolve();

  constructor(private readonly send: (text: string) => Promise<void>) {}

  add(text: string): void {
    if (text === '') return;
    this.pending += text;
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.first) {
      this.first = false;
      this.sendPending(); // the first words are never held back
    } else setImmediate(() => this.sendPending());
  }

  /** Sends what is pending; resolves once every chunk so far is sent. */
  async flush(): Promise<void> {
    if (this.pending !== '') this.sendPending();
    await this.sent;
  }

  private sendPending(): void {
    this.scheduled = false;
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.sent = this.sent.then(() => this.send(text));
    this.sent.catch(() => {}); // reported by the next `flush`
  }
}
