import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';

export interface CapturedMail {
  from: string;
  to: string[];
  subject: string;
  /** The decoded plain-text body. */
  text: string;
  raw: string;
}

/**
 * A real SMTP server on loopback (the `smtp-server` package) that keeps every message it
 * accepted. `holdAfter`: accept that many, then take the next ones' data and never answer
 * (a server that is slow to accept: the sender is caught mid-send).
 */
export class SmtpCapture {
  readonly messages: CapturedMail[] = [];
  /** Messages received but not answered (held). */
  held = 0;
  holdAfter = Infinity;

  private constructor(private readonly server: SMTPServer, readonly port: number) {}

  static async start(port = 0): Promise<SmtpCapture> {
    let capture!: SmtpCapture;
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          if (capture.messages.length >= capture.holdAfter) {
            capture.held++;
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          const envelope = session.envelope;
          capture.messages.push({
            from: envelope.mailFrom ? envelope.mailFrom.address : '',
            to: envelope.rcptTo.map((r) => r.address),
            ...parse(raw),
            raw,
          });
          callback();
        });
      },
    });
    server.on('error', () => {});
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    capture = new SmtpCapture(server, (server.server.address() as AddressInfo).port);
    return capture;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): CapturedMail[] {
    return this.messages.filter((m) => m.to.some((to) => to.toLowerCase() === address.toLowerCase()));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** Subject and text of a simple (single-part, ASCII-subject) message as nodemailer writes it. */
function parse(raw: string): { subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const header = (name: string) => head.split('\r\n').find((line) => line.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? '';
  let body = raw.slice(split + 4);
  const encoding = header('content-transfer-encoding').toLowerCase();
  if (encoding === 'quoted-printable') {
    body = Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
  } else if (encoding === 'base64') {
    body = Buffer.from(body, 'base64').toString('utf8');
  }
  return { subject: header('subject'), text: body.replace(/\r\n/g, '\n').trim() };
}
