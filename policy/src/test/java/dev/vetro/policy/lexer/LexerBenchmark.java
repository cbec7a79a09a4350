package dev.vetro.policy.lexer;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the lexer stages on a pgbench-style OLTP statement. A program, not a test: {@code java
 * -cp <test classpath> dev.vetro.policy.lexer.LexerBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LexerBenchmark {

  private final String sql = "SELECT abalance FROM pgbench_accounts WHERE aid = 12345";
  private final SqlStatement statement = Statements.split(sql, LexOptions.POSTGRES).get(0);

  @Benchmark
  public TokenList tokenize() {
    return Lexer.tokenize(sql, LexOptions.POSTGRES);
  }

  @Benchmark
  public Object split() {
    return Statements.split(sql, LexOptions.POSTGRES);
  }

  @Benchmark
  public Classification classify() {
    return Classifier.classify(statement);
  }

  @Benchmark
  public Fingerprint fingerprint() {
    return Fingerprint.of(statement);
  }

  @Benchmark
  public String redact() {
    return Redactor.redact(statement);
  }

  public static void main(String[] args) throws Exception {
    org.openjdk.jmh.Main.main(new String[] {LexerBenchmark.class.getSimpleName()});
  }
}
