package dev.vetro.policy.bench;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.EngineOptions;
import dev.vetro.policy.EvalContext;
import dev.vetro.policy.Policy;
import dev.vetro.policy.PolicyEngine;
import dev.vetro.policy.decision.Decision;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two figures docs/policy-engine.md reports. Run (from the repository root):
 *
 * <pre>
 * mvn -B -q -o -pl policy test-compile dependency:build-classpath -Dmdep.outputFile=target/deps.txt -Dmdep.includeScope=test
 * java -cp "policy/target/test-classes:policy/target/classes:$(cat policy/target/deps.txt)" \
 *      org.openjdk.jmh.Main 'dev.vetro.policy.bench.EngineBenchmarks' -f 1 -wi 3 -i 5
 * </pre>
 */
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EngineBenchmarks {

  /** pgbench's TPC-B-like transaction body; literals change on every call. */
  private static final String[] PGBENCH = {
    "UPDATE pgbench_accounts SET abalance = abalance + %d WHERE aid = %d",
    "SELECT abalance FROM pgbench_accounts WHERE aid = %d AND %d > 0",
    "UPDATE pgbench_tellers SET tbalance = tbalance + %d WHERE tid = %d",
    "UPDATE pgbench_branches SET bbalance = bbalance + %d WHERE bid = %d",
    "INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (%d, 1, %d, 5, CURRENT_TIMESTAMP)",
  };

  /** Typical OLTP statements of an application, each analysed from scratch (no cache). */
  private static final String[] OLTP = {
    "SELECT id, email, created_at FROM users WHERE id = $1",
    "SELECT o.id, o.total FROM orders o JOIN users u ON u.id = o.user_id WHERE u.email = $1 ORDER BY o.id DESC LIMIT 20",
    "INSERT INTO orders (user_id, total, status) VALUES ($1, $2, 'new') RETURNING id",
    "UPDATE orders SET status = 'paid', paid_at = now() WHERE id = $1 AND status = 'new'",
    "DELETE FROM sessions WHERE expires_at < now() AND user_id = $1",
    "SELECT count(*) FROM events WHERE tenant_id = $1 AND created_at > now() - interval '1 day'",
  };

  private PolicyEngine cached;
  private PolicyEngine uncached;
  private CompiledPolicy policy;
  private final EvalContext ctx = EvalContext.postgres("app");
  private int n;

  /** Pre-formatted so the benchmark measures the engine, not String.format. */
  private final String[] pgbench = new String[4096];

  @Setup
  public void setUp() {
    cached = PolicyEngine.create(EngineOptions.defaults());
    uncached = PolicyEngine.create(EngineOptions.defaults().withCacheEntries(0));
    policy = Policy.defaults().compile();
    java.util.Random r = new java.util.Random(42);
    for (int i = 0; i < pgbench.length; i++) {
      pgbench[i] =
          String.format(
              PGBENCH[i % PGBENCH.length], r.nextInt(10_000) - 5_000, 1 + r.nextInt(100_000));
    }
  }

  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public Decision pgbenchThroughCache() {
    n++;
    return cached.evaluate(pgbench[n & (pgbench.length - 1)], ctx, policy);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  public Decision oltpFirstTimeAnalysis() {
    n++;
    return uncached.evaluate(OLTP[n % OLTP.length], ctx, policy);
  }
}
