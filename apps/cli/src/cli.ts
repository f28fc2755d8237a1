import { ConfigError } from '@clusterflow/application/config/config';
import { CommandFailure, UsageError, type Command } from './command';
import { tokenCommand, demoTokensCommand } from './commands/token.command';
import { migrationCreateCommand } from './commands/migration.command';
import { templateDiagramCommand, templateValidateCommand } from './commands/template.command';
import { auditReplayCommand, auditVerifyCommand } from './commands/audit-verify.command';
import { auditExportCommand } from './commands/audit-export.command';
import { migrateCommand } from './commands/migrate.command';

const COMMANDS: Command[] = [tokenCommand, demoTokensCommand, templateValidateCommand, templateDiagramCommand, migrationCreateCommand, auditExportCommand, auditVerifyCommand, auditReplayCommand, migrateCommand];

function help(): string {
  const width = Math.max(...COMMANDS.map((c) => c.usage.length));
  return ['Usage: npm run cli -- <command> (<command> --help: its usage)', '', ...COMMANDS.map((c) => `  ${c.usage.padEnd(width)}  ${c.summary}`), ''].join('\n');
}

/** Runs one command; returns the process exit code (0 ok, 1 check failed, 2 usage or error). */
export async function runCli(argv: string[]): Promise<number> {
  if (!argv.length || argv[0] === '--help' || argv[0] === 'help' || argv[0] === '-h') {
    process.stdout.write(help());
    return argv.length ? 0 : 2;
  }
  const command = [...COMMANDS]
    .sort((a, b) => b.words.length - a.words.length)
    .find((c) => c.words.every((w, i) => argv[i] === w));
  if (!command) {
    process.stderr.write(`unknown command: ${argv.join(' ')}\n\n${help()}`);
    return 2;
  }
  const args = argv.slice(command.words.length);
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`usage: npm run cli -- ${command.usage}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(args);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\nusage: npm run cli -- ${command.usage}\n`);
      return 2;
    }
    if (e instanceof CommandFailure) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
