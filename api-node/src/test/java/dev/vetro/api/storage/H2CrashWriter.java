package dev.vetro.api.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link H2CrashRecoveryTest}: opens the node's H2 URL the way {@link Storage}
 * does (recovery first, unless {@code -Drecover=false}), checks that every commit the previous
 * child acknowledged is there ({@code CHECK <acked> <missing>}), then commits from four
 * journal-like writers and two projection-like readers-writers on their own connections, printing
 * {@code ACK <key>} after each writer commit, until it is killed.
 *
 * <p>Arguments: the H2 base path, the file of keys the previous child acknowledged.
 */
public final class H2CrashWriter {
  private H2CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path base = Path.of(args[0]);
    Path ackedFile = Path.of(args[1]);
    if (Boolean.parseBoolean(System.getProperty("recover", "true"))) {
      H2Recovery.recoverIfUnclean(H2Recovery.fileOf(base));
    }
    // RETENTION_TIME=0: dead chunks' space is reused at once, as it is after 45 s by default
    String url = Storage.h2Url(base) + ";RETENTION_TIME=0";
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement st = c.createStatement()) {
      st.execute(
          "CREATE TABLE IF NOT EXISTS j(ordering BIGINT AUTO_INCREMENT UNIQUE, pid VARCHAR(64),"
              + " seq BIGINT, payload BLOB, PRIMARY KEY(pid, seq))");
      st.execute("CREATE TABLE IF NOT EXISTS v(pid VARCHAR(80) PRIMARY KEY, seq BIGINT)");
      st.execute("CREATE TABLE IF NOT EXISTS off(name VARCHAR(16) PRIMARY KEY, o BIGINT)");
      int missing = 0;
      List<String> acked = Files.exists(ackedFile) ? Files.readAllLines(ackedFile) : List.of();
      Set<String> have = new HashSet<>();
      try (ResultSet rs = st.executeQuery("SELECT pid, seq FROM j")) {
        while (rs.next()) {
          have.add(rs.getString(1) + "/" + rs.getLong(2));
        }
      }
      for (String k : acked) {
        if (!have.contains(k)) {
          missing++;
        }
      }
      System.out.println("CHECK " + acked.size() + " " + missing);
      System.out.flush();
    }
    AtomicLong seq = new AtomicLong();
    for (int w = 0; w < 4; w++) {
      int size = 300 + 50 * w;
      daemon(() -> journal(url, seq, size));
    }
    for (int p = 0; p < 2; p++) {
      String name = "p" + p;
      daemon(() -> projection(url, name));
    }
    Thread.sleep(Long.MAX_VALUE);
  }

  private static void journal(String url, AtomicLong seq, int size) {
    String pid = UUID.randomUUID().toString();
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement ins =
            c.prepareStatement("INSERT INTO j(pid, seq, payload) VALUES (?,?,?)")) {
      c.setAutoCommit(false);
      byte[] payload = new byte[size];
      while (true) {
        long n = seq.incrementAndGet();
        ins.setString(1, pid);
        ins.setLong(2, n);
        ins.setBytes(3, payload);
        ins.executeUpdate();
        c.commit();
        Thread.sleep(ThreadLocalRandom.current().nextInt(5));
        synchronized (System.out) {
          System.out.println("ACK " + pid + "/" + n);
          System.out.flush();
        }
      }
    } catch (Exception e) {
      e.printStackTrace();
    }
  }

  private static void projection(String url, String name) {
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        PreparedStatement q =
            c.prepareStatement(
                "SELECT ordering, pid, seq FROM j WHERE ordering > ? ORDER BY ordering LIMIT 50");
        PreparedStatement view =
            c.prepareStatement("MERGE INTO v(pid, seq) KEY(pid) VALUES (?,?)");
        PreparedStatement offset =
            c.prepareStatement("MERGE INTO off(name, o) KEY(name) VALUES (?,?)")) {
      c.setAutoCommit(false);
      long off = 0;
      while (true) {
        q.setLong(1, off);
        int n = 0;
        try (ResultSet rs = q.executeQuery()) {
          while (rs.next()) {
            off = rs.getLong(1);
            view.setString(1, name + rs.getString(2));
            view.setLong(2, rs.getLong(3));
            view.executeUpdate();
            n++;
          }
        }
        offset.setString(1, name);
        offset.setLong(2, off);
        offset.executeUpdate();
        c.commit();
        if (n == 0) {
          Thread.sleep(1);
        }
      }
    } catch (Exception e) {
      e.printStackTrace();
    }
  }

  private static void daemon(Runnable r) {
    Thread t = new Thread(r);
    t.setDaemon(true);
    t.start();
  }
}
