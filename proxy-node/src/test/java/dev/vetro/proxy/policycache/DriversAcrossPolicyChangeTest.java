package dev.vetro.proxy.policycache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyTestSupport;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * node-postgres and psycopg 3 keep a server-side prepared DELETE open while the policy file is
 * changed under them (the scripts edit it themselves): the same connection's next execution of the
 * statement prepared under the old policy gets 42501, deletes nothing, and the session goes on.
 */
class DriversAcrossPolicyChangeTest {
  private static final String TABLE = "policy_change_drivers";
  private static final String ALLOW_DELETE =
      "{\"version\": 1, \"rules\": {\"VETRO-001\": {\"enabled\": false}}}";
  private static final String DEFAULTS = "{\"version\": 2}";
  @TempDir static Path dir;
  private static Path policy;
  private static ProxyServer proxy;

  @BeforeAll
  static void start() throws Exception {
    policy = dir.resolve("policy.json");
    write(ALLOW_DELETE, 1_000);
    Map<String, String> env = new HashMap<>();
    env.put("VETRO_POLICY_FILE", policy.toString());
    env.put("VETRO_DATA_DIR", dir.toString());
    env.put("VETRO_POLICY_REFRESH_SECONDS", "1");
    env.put("VETRO_HEARTBEAT_SECONDS", "3600");
    proxy = TestNodes.start(ProxyTestSupport.config(), env);
  }

  @AfterAll
  static void stop() {
    if (proxy != null) {
      proxy.shutdown(Duration.ofSeconds(2));
    }
  }

  @BeforeEach
  void allowDeleteAgain() throws Exception {
    ProxyTestSupport.pg()
        .execAsSuperuser(
            "DROP TABLE IF EXISTS "
                + TABLE
                + "; CREATE TABLE "
                + TABLE
                + " (id int); GRANT ALL ON "
                + TABLE
                + " TO PUBLIC");
    write(ALLOW_DELETE, System.currentTimeMillis() / 1000 + 1);
    TestNodes.eventually(
        "policy version 1 in force",
        Duration.ofSeconds(30),
        () -> proxy.policyWiring().orElseThrow().policySource().current().version() == 1);
  }

  @Test
  void nodePostgresNamedStatementIsBlockedAfterTheChange() {
    Tools.NodePg node = Tools.nodeWithPg();
    Map<String, String> out =
        keyValues(node.script(NODE_SCRIPT).env(env()).timeout(Duration.ofSeconds(90)).run());
    assertEquals(Map.of("before", "0", "code", "42501", "rows", "1", "after", "42"), out);
  }

  @Test
  void psycopg3PreparedStatementIsBlockedAfterTheChange() {
    ProcessRunner.Result r =
        ProcessRunner.of(Tools.debianPython().toString(), "-c", PYTHON_SCRIPT)
            .env(env())
            .env("PYTHONIOENCODING", "utf-8")
            .timeout(Duration.ofSeconds(90))
            .run();
    assertEquals(Map.of("before", "0", "code", "42501", "rows", "1", "after", "42"), keyValues(r));
  }

  private static Map<String, String> env() {
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
        TABLE,
        "POLICY_FILE",
        policy.toString(),
        "NEW_POLICY",
        DEFAULTS);
  }

  private static void write(String json, long mtimeSeconds) throws Exception {
    Files.writeString(policy, json);
    Files.setLastModifiedTime(policy, FileTime.fromMillis(mtimeSeconds * 1000));
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

  // Both scripts: prepare and run the DELETE while allowed, insert a row, change the policy file
  // (a later mtime), then run the same prepared statement until the new policy refuses it.
  private static final String NODE_SCRIPT =
      """
      const { Client } = require('pg');
      const fs = require('fs');
      const out = (k, v) => console.log(`${k}=${v}`);
      const t = process.env.TABLE;
      const del = { name: 'vetro_del', text: `DELETE FROM ${t}` };
      (async () => {
        const c = new Client();
        await c.connect();
        out('before', (await c.query(del)).rowCount);
        await c.query(`INSERT INTO ${t} VALUES (1)`);
        fs.writeFileSync(process.env.POLICY_FILE, process.env.NEW_POLICY);
        const later = Date.now() / 1000 + 10;
        fs.utimesSync(process.env.POLICY_FILE, later, later);
        const deadline = Date.now() + 30000;
        let code = 'none';
        while (Date.now() < deadline) {
          try { await c.query(del); await c.query(`INSERT INTO ${t} VALUES (1)`); }
          catch (e) { code = e.code; break; }
          await new Promise(r => setTimeout(r, 200));
        }
        out('code', code);
        out('rows', (await c.query(`SELECT count(*)::int AS n FROM ${t}`)).rows[0].n);
        out('after', (await c.query('SELECT 41 + 1 AS v')).rows[0].v);
        await c.end();
      })().catch(e => { console.error(e); process.exit(1); });
      """;

  private static final String PYTHON_SCRIPT =
      """
      import os, time
      import psycopg
      t = os.environ["TABLE"]
      def out(k, v):
          print(f"{k}={v}", flush=True)
      with psycopg.connect("", autocommit=True) as c:
          delete = f"DELETE FROM {t}"
          out("before", c.execute(delete, prepare=True).rowcount)
          c.execute(f"INSERT INTO {t} VALUES (1)")
          with open(os.environ["POLICY_FILE"], "w") as f:
              f.write(os.environ["NEW_POLICY"])
          later = time.time() + 10
          os.utime(os.environ["POLICY_FILE"], (later, later))
          code, deadline = "none", time.time() + 30
          while time.time() < deadline:
              try:
                  c.execute(delete, prepare=True)
                  c.execute(f"INSERT INTO {t} VALUES (1)")
              except psycopg.Error as e:
                  code = e.sqlstate
                  break
              time.sleep(0.2)
          out("code", code)
          out("rows", c.execute(f"SELECT count(*) FROM {t}").fetchone()[0])
          out("after", c.execute("SELECT 41 + 1").fetchone()[0])
      """;
}
