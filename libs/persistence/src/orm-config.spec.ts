import { MikroORM } from '@mikro-orm/postgresql';
import { knexLog, ormConfig } from './orm-config';

describe('knexLog', () => {
  const recorder = () => {
    const lines: [string, Record<string, unknown>, string][] = [];
    return {
      lines,
      warn: (fields: Record<string, unknown>, message: string) => void lines.push(['warn', fields, message]),
      error: (fields: Record<string, unknown>, message: string) => void lines.push(['error', fields, message]),
      debug: (fields: Record<string, unknown>, message: string) => void lines.push(['debug', fields, message]),
    };
  };

  it("sends knex's own warnings (a dead pooled connection during an outage) to the logger, not the console", async () => {
    const target = recorder();
    const consoleLog = jest.spyOn(global.console, 'log').mockImplementation(() => undefined);
    // No connection is made: the knex client is built, and its logger is the one knex uses.
    const orm = await MikroORM.init(ormConfig('postgres://nobody@127.0.0.1:1/none', { connect: false, driverOptions: { log: knexLog(target) } }));
    try {
      const logger = (orm.em.getConnection().getKnex().client as unknown as { logger: { warn(m: unknown): void; error(m: unknown): void } }).logger;
      logger.warn('Connection Error: Error: Connection terminated unexpectedly');
      logger.error({ some: 'object' });
      expect(target.lines).toEqual([
        ['warn', { source: 'knex' }, 'Connection Error: Error: Connection terminated unexpectedly'],
        ['error', { source: 'knex' }, "{ some: 'object' }"],
      ]);
      expect(consoleLog).not.toHaveBeenCalled();
    } finally {
      consoleLog.mockRestore();
      await orm.close(true);
    }
  });
});
