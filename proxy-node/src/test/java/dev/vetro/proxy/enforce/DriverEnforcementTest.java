package dev.vetro.proxy.enforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.proxy.policycache.TestNodes;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * node-postgres, psycopg2 and psycopg 3 (pipeline mode) against blocks. Each script runs twice:
 * once where the failing statement is blocked by the proxy, once where it is a real server error
 * (division by zero); apart from the SQLSTATE the client must not be able to tell the difference.
 */
class DriverEnforcementTest {
  private static final String TABLE = "enforce_drivers";
  private static final String BLOCKED = "DELETE FROM " + TABLE;
  private static final String REAL_ERROR = "INSERT INTO " + TABLE + " VALUES (1 / 0)";
  private static ProxyServer proxy;

  @BeforeAll
  static void start() {
    ProxyTestSupport.pg()
        .execAsSuperuser(
            "DROP TABLE IF EXISTS "
                + TABLE
                + "; CREATE TABLE "
                + TABLE
                + " (id int); GRANT ALL ON "
                + TABLE
                + " TO "
                + PostgresServer.TRUST_USER);
    proxy = TestNodes.start(ProxyTestSupport.config(), Map.of());
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void nodePostgresGetsInsufficientPrivilegeInAndOutOfTransactionsAndGoesOn() {
    Tools.NodePg node = Tools.nodeWithPg();
    Map<String, String> blocked =
        keyValues(
            node.script(NODE_SCRIPT)
                .env(libpqEnv())
                .env("FAILING", BLOCKED)
                .timeout(Duration.ofSeconds(60))
                .run());
    Map<String, String> real =
        keyValues(
            node.script(NODE_SCRIPT)
                .env(libpqEnv())
                .env("FAILING", REAL_ERROR)
                .timeout(Duration.ofSeconds(60))
                .run());
    assertEquals("42501", blocked.remove("simple"));
    assertEquals("42501", blocked.remove("in_tx"));
    assertEquals("42501", blocked.remove("extended"));
    assertEquals("22012", real.remove("simple"));
    assertEquals("22012", real.remove("in_tx"));
    assertEquals("22012", real.remove("extended"));
    assertEquals(Map.of("commit", "ROLLBACK", "rows", "0", "after", "42", "done", "true"), blocked);
    assertEquals(real, blocked);
  }

  @Test
  void psycopg2AndPsycopg3PipelineSeeTheBlockAsARealServerError() {
    Map<String, String> blocked = python(BLOCKED);
    Map<String, String> real = python(REAL_ERROR);
    assertEquals("42501", blocked.remove("pg2_error"));
    assertEquals("42501", blocked.remove("pg3_pipeline_error"));
    assertEquals("22012", real.remove("pg2_error"));
    assertEquals("22012", real.remove("pg3_pipeline_error"));
    assertEquals("ROLLBACK", blocked.get("pg2_status_after_commit"), blocked.toString());
    assertEquals("0", blocked.get("pg2_rows"));
    assertEquals("42", blocked.get("pg3_after"));
    assertEquals(real, blocked);
  }

  private static Map<String, String> python(String failing) {
    ProcessRunner.Result r =
        ProcessRunner.of(Tools.debianPython().toString(), "-c", PYTHON_SCRIPT)
            .env("VETRO_DSN", ProxyTestSupport.libpq(proxy, PostgresServer.TRUST_USER, "disable"))
            .env("FAILING", failing)
            .env("TABLE", TABLE)
            .env("PYTHONIOENCODING", "utf-8")
            .timeout(Duration.ofSeconds(60))
            .run();
    return keyValues(r);
  }

  private static Map<String, String> libpqEnv() {
    return Map.of(
        "PGHOST",
        PostgresServer.HOST,
        "PGPORT",
        Integer.toString(proxy.boundPort()),
        "PGUSER",
        PostgresServer.TRUST_USER,
        "PGDATABASE",
        PostgresServer.DATABASE,
        "PGSSLMODE",
        "disable",
        "TABLE",
        TABLE);
  }

  private static Map<String, String> keyValues(ProcessRunner.Result r) {
    assertEquals(0, r.exitCode(), r.describe());
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : r.stdout().split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    return values;
  }

  private static final String NODE_SCRIPT =
      """
      const { Client } = require('pg');
      const out = (k, v) => console.log(`${k}=${v}`);
      const t = process.env.TABLE, failing = process.env.FAILING;
      (async () => {
        const c = new Client();
        await c.connect();
        await c.query(`DELETE FROM ${t} WHERE id = 77`);
        try { await c.query(failing); out('simple', 'none'); } catch (e) { out('simple', e.code); }
        try { await c.query({ text: failing + ' RETURNING $1::int', values: [1] }); out('extended', 'none'); }
        catch (e) { out('extended', e.code); }
        await c.query('BEGIN');
        await c.query(`INSERT INTO ${t} VALUES (77)`);
        try { await c.query(failing); out('in_tx', 'none'); } catch (e) { out('in_tx', e.code); }
        out('commit', (await c.query('COMMIT')).command);
        out('rows', (await c.query(`SELECT count(*)::int AS n FROM ${t} WHERE id = 77`)).rows[0].n);
        out('after', (await c.query('SELECT 41 + 1 AS v')).rows[0].v);
        await c.end();
        out('done', 'true');
      })().catch(e => { console.error(e); process.exit(1); });
      """;

  private static final String PYTHON_SCRIPT =
      """
      import os
      import psycopg
      import psycopg2
      t, failing, dsn = os.environ["TABLE"], os.environ["FAILING"], os.environ["VETRO_DSN"]
      def out(k, v):
          print(f"{k}={v}", flush=True)

      conn = psycopg2.connect(dsn)
      cur = conn.cursor()
      cur.execute(f"DELETE FROM {t} WHERE id IN (88, 91, 92, 93)")
      conn.commit()
      cur.execute(f"INSERT INTO {t} VALUES (88)")
      try:
          cur.execute(failing)
          out("pg2_error", "none")
      except psycopg2.Error as e:
          out("pg2_error", e.pgcode)
      cur.execute("COMMIT")
      out("pg2_status_after_commit", cur.statusmessage)
      cur.execute(f"SELECT count(*) FROM {t} WHERE id = 88")
      out("pg2_rows", cur.fetchone()[0])
      conn.close()

      with psycopg.connect(dsn, autocommit=True) as c3:
          try:
              with c3.pipeline():
                  c3.execute(f"INSERT INTO {t} VALUES (%s)", (91,))
                  c3.execute(failing)
                  c3.execute(f"INSERT INTO {t} VALUES (%s)", (92,))
              out("pg3_pipeline_error", "none")
          except psycopg.Error as e:
              out("pg3_pipeline_error", e.sqlstate)
          out("pg3_rows", c3.execute(f"SELECT count(*) FROM {t} WHERE id IN (91, 92)").fetchone()[0])
          with c3.pipeline():
              c3.execute(f"INSERT INTO {t} VALUES (%s)", (93,))
          out("pg3_after", c3.execute("SELECT 41 + 1").fetchone()[0])
      out("done", "true")
      """;
}
