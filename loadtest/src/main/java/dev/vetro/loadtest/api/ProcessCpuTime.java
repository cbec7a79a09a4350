package dev.vetro.loadtest.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time (user + system) a process has used so far, from {@code /proc/<pid>/stat} (Linux). */
final class ProcessCpuTime {
  /** USER_HZ; 100 on every Linux this runs on. */
  private static final long TICKS_PER_SECOND = 100;

  private ProcessCpuTime() {}

  /** Nanoseconds of CPU, or -1 where /proc is not readable. */
  static long nanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // the command name (field 2) may hold spaces; fields after its closing parenthesis are fixed
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
      return ticks * 1_000_000_000L / TICKS_PER_SECOND;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
