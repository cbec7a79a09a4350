'use strict';
// One node-postgres session through the proxy. Prints key=value lines of what the server
// answered; the Java test holds the expectations. Args: two integers a and b.
const { Client } = require('pg');
const fs = require('fs');

const [a, b] = process.argv.slice(2).map(Number);
const out = (key, value) => console.log(`${key}=${value}`);

async function main() {
  const ssl = process.env.VETRO_CLIENT_TLS === 'true'
    // Verify the chain against the test CA and the name in the proxy's certificate (verify-full).
    ? { ca: fs.readFileSync(process.env.PGSSLROOTCERT), servername: 'localhost', rejectUnauthorized: true }
    : false;
  const c = new Client({
    host: process.env.PGHOST, port: Number(process.env.PGPORT), database: process.env.PGDATABASE,
    user: process.env.PGUSER, password: process.env.PGPASSWORD, ssl,
  });
  await c.connect();
  out('client_tls', c.connection.stream.encrypted === true);

  const hop = await c.query(`select current_user as u,
      coalesce((select ssl from pg_stat_ssl where pid = pg_backend_pid()), false) as ssl`);
  out('user', hop.rows[0].u);
  out('upstream_ssl', hop.rows[0].ssl);

  const p = await c.query('select $1::int * $2::int as product, $3::text as echo', [a, b, 'h\u00e9llo \u20ac']);
  out('product', p.rows[0].product);
  out('echo', p.rows[0].echo);

  // A named statement is parsed once and bound twice on the same backend.
  let named = 0;
  for (const k of [1, 2]) {
    const r = await c.query({ name: 'vetro-named', text: 'select $1::int + $2::int as s', values: [a * k, b] });
    named += r.rows[0].s;
  }
  out('named_sum', named);

  await c.query('create temp table node_t (v int)');
  await c.query('begin');
  await c.query('insert into node_t values ($1)', [a]);
  await c.query('rollback');
  await c.query('begin');
  await c.query('insert into node_t values ($1)', [b]);
  await c.query('commit');
  const t = await c.query("select coalesce(string_agg(v::text, ',' order by v), '') as v from node_t");
  out('tx_rows', t.rows[0].v);

  try {
    await c.query('select 1 / ($1::int - $1::int)', [a]);
    out('error_code', 'none');
  } catch (e) {
    out('error_code', e.code);
  }
  const after = await c.query('select $1::int + 1 as n', [a]);
  out('after_error', after.rows[0].n);
  await c.end();
  out('done', true);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
