package dev.vetro.policy.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.policy.Engines;
import dev.vetro.policy.decision.Decision;
import dev.vetro.policy.decision.Verdict;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The committed list of volatile or privileged pg_catalog functions against a real PostgreSQL 15
 * (testkit): a function the server has and the list lacks has no verdict, so the test fails and
 * names it. Regenerate the list's names with {@link #VOLATILE_OR_PRIVILEGED} and classify the new
 * ones by hand.
 */
public class ServerFunctionsTest {

  /** Volatile or not executable by PUBLIC (superuser-only or granted to pg_* roles). */
  static final String VOLATILE_OR_PRIVILEGED =
      "SELECT DISTINCT p.proname FROM pg_proc p "
          + "WHERE p.pronamespace = 'pg_catalog'::regnamespace AND (p.provolatile = 'v' "
          + "OR (p.proacl IS NOT NULL AND NOT EXISTS (SELECT 1 FROM aclexplode(p.proacl) a "
          + "WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE'))) ORDER BY 1";

  @Test
  void everyVolatileOrPrivilegedServerFunctionHasAVerdict() {
    List<String> server = query(VOLATILE_OR_PRIVILEGED);
    assertTrue(server.size() > 200, "suspiciously few functions: " + server.size());
    List<String> missing = server.stream().filter(n -> ServerFunctions.of(n) == null).toList();
    assertEquals(List.of(), missing, "server functions without a verdict in the committed list");
  }

  /** pg_catalog tables and views whose SELECT is not granted to PUBLIC. */
  static final String PRIVILEGED_RELATIONS =
      "SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'pg_catalog'::regnamespace "
          + "AND c.relkind IN ('r', 'v', 'm') AND c.relacl IS NOT NULL AND NOT EXISTS "
          + "(SELECT 1 FROM aclexplode(c.relacl) a WHERE a.grantee = 0 "
          + "AND a.privilege_type = 'SELECT') ORDER BY 1";

  @Test
  void everyPrivilegedCatalogRelationHasAVerdict() {
    List<String> server = query(PRIVILEGED_RELATIONS);
    assertTrue(server.contains("pg_authid"), server::toString);
    List<String> missing =
        server.stream()
            .filter(
                n ->
                    !FunctionScan.SECRET_RELATIONS.contains(n)
                        && !FunctionScan.PRIVILEGED_NOT_SECRET.contains(n))
            .toList();
    assertEquals(List.of(), missing, "privileged catalog relations without a verdict");
  }

  @Test
  void everyClassWithARuleBlocksOrFlagsACallOfEachOfItsFunctions() {
    for (Map.Entry<String, ServerFunctions.Kind> e : ServerFunctions.all().entrySet()) {
      if (ServerFunctions.rule(e.getValue()) == null) {
        continue;
      }
      Decision d = Engines.pg("SELECT pg_catalog." + e.getKey() + "()");
      assertTrue(d.decision() != Verdict.ALLOWED, () -> e.getKey() + ": " + d.toJson());
    }
  }

  @Test
  void safeVolatileFunctionsStayAllowed() {
    for (String sql :
        List.of(
            "SELECT now()", "SELECT random()", "SELECT nextval('s')", "SELECT txid_current()")) {
      Decision d = Engines.pg(sql);
      assertEquals(Verdict.ALLOWED, d.decision(), d::toJson);
    }
  }

  public static List<String> query(String sql) {
    PostgresServer server = PostgresServer.shared();
    ProcessRunner.Result r =
        ProcessRunner.of(
                Tools.psql().toString(),
                "-X",
                "-A",
                "-t",
                "-q",
                "-h",
                server.socketDir().toString(),
                "-p",
                String.valueOf(server.port()),
                "-U",
                PostgresServer.SUPERUSER,
                "-d",
                "postgres",
                "-c",
                sql)
            .timeout(Duration.ofSeconds(120))
            .run();
    if (r.exitCode() != 0) {
      throw new IllegalStateException("psql failed: " + r.stderr());
    }
    String out = r.stdout().strip();
    return out.isEmpty() ? List.of() : List.of(out.split("\n"));
  }

  /** Prints the server's list (names only), to extend the committed resource. */
  public static void main(String[] args) {
    query(VOLATILE_OR_PRIVILEGED).forEach(System.out::println);
    System.exit(0);
  }
}
