import { createTransport, type Transporter } from 'nodemailer';
import type { MailConfig } from '../config/config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /** A Message-ID derived from what the mail carries, so a receiver can tell a resend. */
  messageId: string;
}

/** Mail through the SMTP server of SMTP_URL (nodemailer), from MAIL_FROM. */
export class Mailer {
  private readonly transport: Transporter;

  constructor(private readonly config: MailConfig, options: { timeoutMs?: number } = {}) {
    const timeout = options.timeoutMs ?? 30_000;
    this.transport = createTransport(config.smtpUrl, {
      connectionTimeout: timeout,
      greetingTimeout: timeout,
      socketTimeout: timeout,
    } as object);
  }

  /** Resolves once the SMTP server accepted the mail for delivery; throws otherwise (the job retries). */
  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({ from: this.config.from, to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId });
  }

  close(): void {
    this.transport.close();
  }
}
