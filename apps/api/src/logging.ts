import pino, { type Logger } from 'pino';
import pretty from 'pino-pretty';
import type { AppConfig } from '@clusterflow/application/config/config';

/** JSON lines in production; a readable, coloured line per event in a terminal. */
export function createLogger(config: Pick<AppConfig, 'logLevel' | 'logFormat'>, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie'], censor: '[redacted]' },
  };
  if (config.logFormat === 'pretty') {
    return pino(options, pretty({ colorize: true, sync: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,req,res' }));
  }
  return destination ? pino(options, destination) : pino(options);
}
