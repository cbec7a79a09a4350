package dev.vetro.loadtest.pgbench;

import dev.vetro.testkit.FreePorts;
import dev.vetro.testkit.PostgresServer;
import dev.vetro.testkit.ProcessRunner;
import dev.vetro.testkit.Tools;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What clustering costs on the hot path, and how long a cancel through another node takes.
 *
 * <p>Four proxy processes in front of one PostgreSQL, all with the same policy file (so each runs
 * the sharded policy cache): {@code alone} in a cluster of its own, {@code fleet-a/b/c} in one
 * 3-node cluster. Rounds alternate pgbench {@code -S} against {@code alone} and {@code fleet-a}
 * (interleaved, so drift of the machine hits both), and the ratio fleet/alone is reported per
 * round. Then {@code --cancels N} long queries on fleet-a are cancelled by a CancelRequest sent to
 * fleet-b, timing from the request to the query's ErrorResponse (p50/p99).
 *
 * <p>Run: {@code loadtest/bin/fleet-cost [--rounds 6] [--seconds 20] [--clients 8] [--threads 2]
 * [--cancels 200]}
 */
public final class FleetCost {
  private static final String USER = PostgresServer.SUPERUSER;

  private FleetCost() {}

  public static void main(String[] args) throws Exception {
    int rounds = intArg(args, "--rounds", 6);
    int seconds = intArg(args, "--seconds", 20);
    int clients = intArg(args, "--clients", 8);
    int threads = intArg(args, "--threads", 2);
    int cancels = intArg(args, "--cancels", 200);
    Path pgbench = Tools.pgbench();
    Map<String, String> env =
        Map.of("PGPASSWORD", PostgresServer.SUPERUSER_PASSWORD, "PGSSLMODE", "disable");
    Path work = Files.createTempDirectory("vetro-fleet-cost");
    Path policy = work.resolve("policy.json");
    Files.writeString(policy, "{\"version\": 1}");
    List<ProxyProcess> all = new ArrayList<>();
    try (PostgresServer pg =
        PostgresServer.start(PostgresServer.Options.defaults().withMaxConnections(400))) {
      ProxyProcess alone = node(pg, policy, work, "alone", FreePorts.pick(), "");
      all.add(alone);
      int[] cluster = {FreePorts.pick(), FreePorts.pick(), FreePorts.pick()};
      String seeds =
          "127.0.0.1:" + cluster[0] + ",127.0.0.1:" + cluster[1] + ",127.0.0.1:" + cluster[2];
      List<ProxyProcess> fleet = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ProxyProcess p = node(pg, policy, work, "fleet-" + (char) ('a' + i), cluster[i], seeds);
        fleet.add(p);
        all.add(p);
      }
      ProcessRunner.of(
              pgbench.toString(),
              "-i",
              "-q",
              "-s",
              "10",
              "-h",
              pg.host(),
              "-p",
              Integer.toString(pg.port()),
              "-U",
              USER,
              pg.database())
          .env(env)
          .timeout(Duration.ofMinutes(10))
          .run()
          .requireSuccess();
      Thread.sleep(15_000); // cluster formed, shards allocated, JIT past the first requests
      PgbenchRun.Workload select = new PgbenchRun.Workload("select-simple", List.of("-S"));
      Endpoint aloneEp =
          new Endpoint("alone", "127.0.0.1", alone.port(), USER, pg.database(), alone.pid());
      ProxyProcess a = fleet.get(0);
      Endpoint fleetEp =
          new Endpoint("fleet-a", "127.0.0.1", a.port(), USER, pg.database(), a.pid());
      PgbenchRun.run(pgbench, aloneEp, select, 0, clients, threads, seconds, env); // warm-up
      PgbenchRun.run(pgbench, fleetEp, select, 0, clients, threads, seconds, env);
      List<Double> ratios = new ArrayList<>();
      StringBuilder table =
          new StringBuilder("| round | alone TPS | fleet-a TPS | ratio |\n|---|---|---|---|\n");
      for (int r = 1; r <= rounds; r++) {
        boolean aloneFirst = r % 2 == 1;
        PgbenchRun.Result first =
            PgbenchRun.run(
                pgbench, aloneFirst ? aloneEp : fleetEp, select, r, clients, threads, seconds, env);
        PgbenchRun.Result second =
            PgbenchRun.run(
                pgbench, aloneFirst ? fleetEp : aloneEp, select, r, clients, threads, seconds, env);
        double aloneTps = aloneFirst ? first.tps() : second.tps();
        double fleetTps = aloneFirst ? second.tps() : first.tps();
        ratios.add(fleetTps / aloneTps);
        table.append(
            String.format(
                Locale.ROOT,
                "| %d | %.0f | %.0f | %.3f |%n",
                r,
                aloneTps,
                fleetTps,
                fleetTps / aloneTps));
      }
      double[] sorted = ratios.stream().mapToDouble(Double::doubleValue).sorted().toArray();
      System.out.println("## Clustering cost: pgbench -S, node in a 3-node fleet vs alone");
      System.out.println(table);
      System.out.printf(
          Locale.ROOT,
          "median ratio %.3f (min %.3f, max %.3f), -c %d -j %d, %d s per run%n%n",
          sorted[sorted.length / 2],
          sorted[0],
          sorted[sorted.length - 1],
          clients,
          threads,
          seconds);

      long[] micros = cancelLatencies(pg, a.port(), fleet.get(1).port(), cancels);
      Arrays.sort(micros);
      System.out.println(
          "## Cancel through another node (session on fleet-a, CancelRequest to fleet-b)");
      System.out.printf(
          Locale.ROOT,
          "%d cancels: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
          micros.length,
          micros[micros.length / 2] / 1000.0,
          micros[(int) Math.min(micros.length - 1, Math.ceil(micros.length * 0.99) - 1)] / 1000.0,
          micros[micros.length - 1] / 1000.0);
    } finally {
      all.forEach(ProxyProcess::close);
    }
  }

  private static ProxyProcess node(
      PostgresServer pg, Path policy, Path work, String name, int clusterPort, String seeds) {
    Map<String, String> env = new HashMap<>();
    env.put("VETRO_POLICY_FILE", policy.toString());
    env.put("VETRO_DATA_DIR", work.resolve(name).toString());
    env.put("VETRO_NODE_ID", name);
    env.put("VETRO_CLUSTER_PORT", Integer.toString(clusterPort));
    if (!seeds.isEmpty()) {
      env.put("VETRO_CLUSTER_SEEDS", seeds);
    }
    return ProxyProcess.start(pg.host(), pg.port(), List.of("-Xmx1g"), env);
  }

  /** Times each cancel from the CancelRequest's send to the query's ErrorResponse, in µs. */
  private static long[] cancelLatencies(PostgresServer pg, int sessionPort, int cancelPort, int n)
      throws Exception {
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), sessionPort)) {
        DataOutputStream o = new DataOutputStream(s.getOutputStream());
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] params =
            ("user\0" + PostgresServer.TRUST_USER + "\0database\0" + pg.database() + "\0\0")
                .getBytes(StandardCharsets.UTF_8);
        o.writeInt(8 + params.length);
        o.writeInt(196608);
        o.write(params);
        int pid = 0;
        byte[] key = null;
        while (true) {
          byte type = in.readByte();
          byte[] body = new byte[in.readInt() - 4];
          in.readFully(body);
          if (type == 'K') {
            pid = java.nio.ByteBuffer.wrap(body).getInt();
            key = Arrays.copyOfRange(body, 4, body.length);
          } else if (type == 'Z') {
            break;
          } else if (type == 'E') {
            throw new IllegalStateException("startup failed (trust user needed)");
          }
        }
        byte[] q =
            "SELECT count(*) FROM generate_series(1, 4000000000)\0"
                .getBytes(StandardCharsets.UTF_8);
        o.writeByte('Q');
        o.writeInt(4 + q.length);
        o.write(q);
        o.flush();
        Thread.sleep(100); // the query is running
        long t0 = System.nanoTime();
        try (Socket c = new Socket(InetAddress.getLoopbackAddress(), cancelPort)) {
          DataOutputStream d = new DataOutputStream(c.getOutputStream());
          d.writeInt(12 + key.length);
          d.writeInt(80877102);
          d.writeInt(pid);
          d.write(key);
          d.flush();
        }
        while (in.readByte() != 'E') {
          in.readFully(new byte[in.readInt() - 4]);
        }
        out[i] = (System.nanoTime() - t0) / 1000;
      }
    }
    return out;
  }

  private static int intArg(String[] args, String name, int dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return dflt;
  }
}
