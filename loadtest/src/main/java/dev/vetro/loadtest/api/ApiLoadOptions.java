package dev.vetro.loadtest.api;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command-line options of {@link ApiLoad}; every one has a default that runs the benchmark.
 */
record ApiLoadOptions(
    int rate,
    int constantSeconds,
    List<Integer> steps,
    int stepSeconds,
    int warmupRate,
    int warmupSeconds,
    List<String> apiJvmOptions,
    Map<String, String> apiEnv,
    Path out,
    Path workDir,
    String command) {

  static final String USAGE =
      """
            usage: loadtest/bin/api-load [--rate R] [--seconds S] [--steps R1,R2,...] [--step-seconds S]
                                         [--warmup-rate R] [--warmup-seconds S] [--api-jvm-option OPT]...
                                         [--api-env NAME=VALUE]... [--out FILE] [--work-dir DIR]
              --seconds 0 skips the constant run, --steps none skips the step-up;
              --api-env sets a variable of the api-node process (e.g. VETRO_API_SHED_LAG_MS=10)""";

  static ApiLoadOptions parse(String[] args) {
    int rate = 5000;
    int seconds = 60;
    List<Integer> steps = List.of(1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000);
    int stepSeconds = 15;
    int warmupRate = 2000;
    int warmupSeconds = 30;
    List<String> jvm = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    Path out = Path.of("loadtest/target/api-load.md");
    Path work = Path.of("loadtest/target/api-load");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.println(USAGE);
        System.exit(0);
      }
      if (i + 1 >= args.length) {
        throw usage(a + " needs a value");
      }
      String v = args[++i];
      switch (a) {
        case "--rate" -> rate = positive(a, v);
        case "--seconds" -> seconds = nonNegative(a, v);
        case "--steps" ->
            steps =
                v.equals("none")
                    ? List.of()
                    : Arrays.stream(v.split(",")).map(s -> positive(a, s.strip())).toList();
        case "--step-seconds" -> stepSeconds = positive(a, v);
        case "--warmup-rate" -> warmupRate = positive(a, v);
        case "--warmup-seconds" -> warmupSeconds = nonNegative(a, v);
        case "--api-jvm-option" -> jvm.add(v);
        case "--api-env" -> {
          int eq = v.indexOf('=');
          if (eq <= 0) {
            throw usage(a + " takes NAME=VALUE, not '" + v + "'");
          }
          env.put(v.substring(0, eq), v.substring(eq + 1));
        }
        case "--out" -> out = Path.of(v);
        case "--work-dir" -> work = Path.of(v);
        default -> throw usage("unknown option " + a);
      }
    }
    if (jvm.isEmpty()) {
      jvm.addAll(List.of("-Xms1g", "-Xmx1g"));
    }
    return new ApiLoadOptions(
        rate,
        seconds,
        steps,
        stepSeconds,
        warmupRate,
        warmupSeconds,
        List.copyOf(jvm),
        Collections.unmodifiableMap(env),
        out,
        work,
        "loadtest/bin/api-load " + String.join(" ", args));
  }

  private static int positive(String option, String v) {
    int n = nonNegative(option, v);
    if (n == 0) {
      throw usage(option + " must be positive");
    }
    return n;
  }

  private static int nonNegative(String option, String v) {
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw usage(option + " must not be negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw usage(option + " takes a whole number, not '" + v + "'");
    }
  }

  private static IllegalArgumentException usage(String message) {
    return new IllegalArgumentException(message + "\n" + USAGE);
  }
}
