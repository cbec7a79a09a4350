package dev.vetro.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each real client is found (or installed) and runs a query against the test server directly. */
class RealClientsTest {
  private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(60);
  private final PostgresServer pg = PostgresServer.shared();

  @Test
  void psqlQueriesOverVerifiedTlsWithScram() {
    String out =
        psql(
                PostgresServer.SCRAM_USER,
                "verify-full",
                "SELECT 40 + 2, ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
            .stdout();
    assertEquals("42|t", out.strip());
  }

  @Test
  void psqlLogsInAsMd5UserAndCertUser() {
    assertEquals(
        "md5_user",
        psql(PostgresServer.MD5_USER, "require", "SELECT current_user").stdout().strip());
    assertEquals(
        "cert_user",
        psql(PostgresServer.CERT_USER, "verify-full", "SELECT current_user").stdout().strip());
  }

  @Test
  void psqlAsCertUserWithoutAClientCertificateIsRefused() {
    ProcessRunner.Result result =
        ProcessRunner.of(Tools.psql().toString(), "-X", "-tAc", "SELECT 1")
            .env(pg.libpqEnv(PostgresServer.CERT_USER, "verify-full"))
            // libpq sends no certificate when the file is absent: the server must then refuse.
            .env("PGSSLCERT", "/nonexistent/cert_user.crt")
            .env("PGSSLKEY", "/nonexistent/cert_user.key")
            .timeout(CLIENT_TIMEOUT)
            .run();
    assertFalse(result.succeeded(), result.describe());
    assertTrue(result.stderr().contains("certificate"), result.stderr());
  }

  @Test
  void pgbenchRunsACustomScript(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("select.sql"), "SELECT 1;\n");
    ProcessRunner.Result result =
        ProcessRunner.of(
                Tools.pgbench().toString(), "-n", "-c", "2", "-t", "25", "-f", script.toString())
            .env(pg.libpqEnv(PostgresServer.SCRAM_USER, "require"))
            .timeout(CLIENT_TIMEOUT)
            .run()
            .requireSuccess();
    assertTrue(
        result.stdout().contains("number of transactions actually processed: 50/50"),
        result.stdout());
  }

  @Test
  void debianPythonQueriesWithPsycopg2AndPsycopg3() {
    String script =
        String.join(
            "\n",
            "import os, psycopg2, psycopg",
            "dsn = os.environ['VETRO_DSN']",
            "with psycopg2.connect(dsn) as c2:",
            "    cur = c2.cursor(); cur.execute('SELECT 1'); print('psycopg2', cur.fetchone()[0])",
            "with psycopg.connect(dsn) as c3:",
            "    print('psycopg', c3.execute('SELECT %s::int + 1', (1,)).fetchone()[0])",
            "");
    ProcessRunner.Result result =
        ProcessRunner.of(Tools.debianPython().toString(), "-c", script)
            .env("VETRO_DSN", pg.libpqConnectionString(PostgresServer.SCRAM_USER, "verify-full"))
            .timeout(CLIENT_TIMEOUT)
            .run()
            .requireSuccess();
    assertEquals("psycopg2 1\npsycopg 2\n", result.stdout());
  }

  @Test
  void nodePgQueriesOverVerifiedTls() {
    Tools.NodePg node = Tools.nodeWithPg();
    assertTrue(node.pgVersion().startsWith("8."), node.pgVersion());
    String script =
        String.join(
            "\n",
            "const { Client } = require('pg');",
            "const fs = require('fs');",
            "const c = new Client({ host: process.env.PGHOST, port: +process.env.PGPORT,",
            "  user: process.env.PGUSER, password: process.env.PGPASSWORD, database: process.env.PGDATABASE,",
            "  ssl: { ca: fs.readFileSync(process.env.PGSSLROOTCERT), servername: 'localhost' } });",
            "c.connect().then(() => c.query('SELECT $1::int * 2 AS v', [21]))",
            "  .then(r => { console.log('v=' + r.rows[0].v); return c.end(); })",
            "  .catch(e => { console.error(e); process.exit(1); });");
    ProcessRunner.Result result =
        node.script(script)
            .env(pg.libpqEnv(PostgresServer.SCRAM_USER, "verify-full"))
            .timeout(CLIENT_TIMEOUT)
            .run()
            .requireSuccess();
    assertEquals("v=42", result.stdout().strip());
  }

  private ProcessRunner.Result psql(String user, String sslmode, String sql) {
    return ProcessRunner.of(Tools.psql().toString(), "-X", "-tAc", sql)
        .env(pg.libpqEnv(user, sslmode))
        .timeout(CLIENT_TIMEOUT)
        .run()
        .requireSuccess();
  }
}
