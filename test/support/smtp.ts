import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail as the loopback SMTP server accepted it. */
export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  /** The whole message as sent (headers and body). */
  raw: string;
  /** The body (after the headers), with quoted-printable soft line breaks joined. */
  text: string;
  at: number;
}

export interface TestSmtp {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Refuse every mail with a 451 (temporarily) while true, as a server in trouble would. */
  failing: boolean;
  /** Hold every mail's DATA without an answer while true (a client waits, as on a hung server). */
  stalled: boolean;
  /** Mails whose DATA arrived and is held (stalled), not answered. */
  held(): number;
  /** Stop listening (connections refused) until `start` again, on the same port. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (the `smtp-server` package): no TLS, no authentication. */
export async function startSmtp(port = 0): Promise<TestSmtp> {
  const mails: ReceivedMail[] = [];
  const state = { failing: false, stalled: false, held: 0 };
  const make = () =>
    new SMTPServer({
      disabledCommands: ['STARTTLS', 'AUTH'],
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (state.stalled) {
            state.held++;
            return; // never answered: the client waits until it gives up or dies
          }
          if (state.failing) return callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
          const raw = Buffer.concat(chunks).toString('utf8');
          const split = raw.indexOf('\r\n\r\n');
          const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
          const header = (name: string) => new RegExp(`^${name}: (.*)$`, 'im').exec(head)?.[1]?.trim() ?? '';
          mails.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: decodeSubject(header('Subject')),
            messageId: header('Message-ID'),
            raw,
            text: decodeBody(raw.slice(split + 4), header('Content-Transfer-Encoding')),
            at: Date.now(),
          });
          callback();
        });
      },
    });
  let server = make();
  const listen = (p: number) => new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(p, '127.0.0.1', () => resolve((server.server.address() as AddressInfo).port));
  });
  const actual = await listen(port);
  const smtp: TestSmtp = {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    mails,
    get failing() {
      return state.failing;
    },
    set failing(v: boolean) {
      state.failing = v;
    },
    get stalled() {
      return state.stalled;
    },
    set stalled(v: boolean) {
      state.stalled = v;
    },
    held: () => state.held,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    async start() {
      server = make();
      await listen(actual);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return smtp;
}

function decodeBody(body: string, encoding: string): string {
  if (/base64/i.test(encoding)) return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (/quoted-printable/i.test(encoding)) {
    return Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  }
  return body;
}

/** An RFC 2047 encoded-word subject (nodemailer encodes non-ASCII), as text. */
function decodeSubject(raw: string): string {
  return raw.replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, data: string) =>
    enc.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
}
