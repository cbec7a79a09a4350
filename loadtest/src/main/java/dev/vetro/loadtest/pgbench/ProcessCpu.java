package dev.vetro.loadtest.pgbench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and context switches of one process, from /proc, so the report can say what a
 * transaction costs the proxy (and PgBouncer) and not only how fast the whole box went: on two
 * shared cores, every microsecond the middle hop spends is taken from PostgreSQL and pgbench.
 */
record ProcessCpu(long cpuNanos, long contextSwitches) {
  private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

  static ProcessCpu of(long pid) {
    Path proc = Path.of("/proc", Long.toString(pid));
    try {
      String stat = Files.readString(proc.resolve("stat"));
      // Fields after the command name, which is in parentheses and may contain spaces.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      long switches = 0;
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(proc.resolve("task"))) {
        for (Path task : tasks) {
          switches += switches(task.resolve("status"));
        }
      }
      return new ProcessCpu(ticks * NANOS_PER_TICK, switches);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read /proc for pid " + pid, e);
    }
  }

  private static long switches(Path status) {
    long total = 0;
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("voluntary_ctxt_switches:")
            || line.startsWith("nonvoluntary_ctxt_switches:")) {
          total += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
        }
      }
    } catch (IOException threadEnded) {
      // a thread that ended between listing and reading: its switches are gone with it
    }
    return total;
  }

  ProcessCpu minus(ProcessCpu before) {
    return new ProcessCpu(cpuNanos - before.cpuNanos, contextSwitches - before.contextSwitches);
  }
}
