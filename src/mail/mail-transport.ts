import type { Transporter } from 'nodemailer';
import type { Logger } from '../logger.js';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Hands one message to the outside world; resolves once it is accepted. */
export interface MailTransport {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

const SMTP_TIMEOUT_MS = 30_000;

/** An error that sending the same message again would meet again (the server refused it for good). */
export function isPermanentFailure(error: unknown): boolean {
  const { permanent, command } = (error ?? {}) as { permanent?: boolean; command?: string };
  // A refused login is the operator's to fix; the mail waits for it rather than being dropped.
  return permanent === true && !command?.toUpperCase().startsWith('AUTH');
}

/** SMTP through nodemailer when `smtpUrl` is set; otherwise each mail is written to the log. */
export function createMailTransport(options: { smtpUrl: string | undefined; from: string }, logger: Logger): MailTransport {
  if (!options.smtpUrl) {
    logger.info('SMTP_URL is not set: mail is written to the log instead of being sent');
    return {
      async send(message) {
        logger.info({ mail: { from: options.from, ...message } }, 'mail (not sent: SMTP_URL is not set)');
      },
      close() {},
    };
  }
  // nodemailer waits up to 10 minutes for a silent server; a send slot should come back sooner.
  const timeouts = { connectionTimeout: SMTP_TIMEOUT_MS, greetingTimeout: SMTP_TIMEOUT_MS, socketTimeout: SMTP_TIMEOUT_MS };
  const { smtpUrl, from } = options;
  // nodemailer is imported with the first mail, not at start-up.
  let transporter: Promise<Transporter> | undefined;
  return {
    async send(message) {
      transporter ??= import('nodemailer').then(({ createTransport }) => createTransport({ url: smtpUrl, ...timeouts }, { from }));
      await (await transporter).sendMail(message);
    },
    // A transporter that could not be created (its failure went to a send) has nothing to close.
    close: () => void transporter?.then((created) => created.close(), () => {}),
  };
}
