import { Client } from 'pg';
test('the test database answers', async () => {
  const c = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await c.connect();
  const r = await c.query('select version()');
  await c.end();
  expect(r.rows[0].version).toMatch(/PostgreSQL/);
});
