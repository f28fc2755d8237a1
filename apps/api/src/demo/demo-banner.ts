import type { DemoToken } from '@clusterflow/application/demo/demo-users';

/** What a new user sees once, on the first start: where to go and who to be. */
export function printDemoBanner(baseUrl: string, tokens: DemoToken[], withConsole = false): void {
  const lines = [
    '',
    '  Clusterflow is ready, with a demo agency "demo" and the shipped programme templates.',
    ...(withConsole ? [`  Open the console at ${baseUrl}/ and pick a demo person (or paste a token below).`, `  For GraphQL by hand:`] : []),
    `  Open ${baseUrl}/graphiql, paste one of these tokens into the Headers tab as`,
    '  { "Authorization": "Bearer <token>" } and run { me { userId agency roles } }.',
    '  (They last 30 days; `npm run cli -- demo tokens` prints fresh ones.)',
    '',
    ...tokens.flatMap((t) => [`  ${t.userId} (${t.roles.join(', ')}):`, `    ${t.token}`]),
    '',
  ];
  process.stdout.write(lines.join('\n') + '\n');
}
