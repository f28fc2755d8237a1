import { loadConfig } from '@clusterflow/application/config/config';
import { TokenService } from '@clusterflow/application/auth/token.service';
import { AGENCY_SLUG } from '@clusterflow/application/auth/principal';
import { mintDemoTokens } from '@clusterflow/application/demo/demo-users';
import { UsageError, type Command } from '../command';
import { parse } from './args';

export const tokenCommand: Command = {
  words: ['token'],
  usage: 'token --agency <slug> --user <id> [--name <name>] --roles <r1,r2> [--ttl <hours>]',
  summary: 'print a token signed with the server\'s own secret',
  async run(args) {
    const { values } = parse(args, {
      agency: { type: 'string' },
      user: { type: 'string' },
      name: { type: 'string' },
      roles: { type: 'string' },
      ttl: { type: 'string', default: '12' },
    });
    if (!values.agency || !AGENCY_SLUG.test(values.agency)) throw new UsageError('--agency must be an agency slug (lowercase letters, digits and dashes)');
    if (!values.user) throw new UsageError('--user is required');
    const roles = (values.roles ?? '').split(',').map((r) => r.trim()).filter(Boolean);
    if (!roles.length) throw new UsageError('--roles must list at least one role');
    const hours = Number(values.ttl);
    if (!Number.isFinite(hours) || hours <= 0) throw new UsageError('--ttl must be a positive number of hours');
    const config = loadConfig();
    if (config.jwt.mode !== 'secret') throw new UsageError('tokens can be minted only in own-secret mode; JWT_JWKS_URL or OIDC_ISSUER is set');
    const token = await new TokenService(config).sign({ agency: values.agency, userId: values.user, roles, name: values.name }, Math.round(hours * 3600));
    process.stdout.write(`${token}\n`);
    return 0;
  },
};

export const demoTokensCommand: Command = {
  words: ['demo', 'tokens'],
  usage: 'demo tokens',
  summary: 'print fresh tokens for the demo agency\'s users',
  async run(args) {
    parse(args, {});
    const config = loadConfig();
    if (config.jwt.mode !== 'secret') throw new UsageError('demo tokens need own-secret mode; JWT_JWKS_URL or OIDC_ISSUER is set');
    for (const t of await mintDemoTokens(new TokenService(config))) {
      process.stdout.write(`${t.userId} (${t.roles.join(', ')}):\n  ${t.token}\n`);
    }
    return 0;
  },
};
