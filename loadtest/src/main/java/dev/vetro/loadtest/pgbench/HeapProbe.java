package dev.vetro.loadtest.pgbench;

import dev.vetro.testkit.ProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads another JVM's live heap (after a full GC) with jcmd, and its resident set from /proc. */
final class HeapProbe {
  private static final Pattern USED = Pattern.compile("used ([0-9]+)K");
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+([0-9]+) kB");

  private HeapProbe() {}

  /** Live heap in bytes: a full GC first, so garbage does not count as per-connection cost. */
  static long liveHeapBytes(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    for (int i = 0; i < 2; i++) {
      ProcessRunner.of(jcmd.toString(), Long.toString(pid), "GC.run")
          .timeout(Duration.ofSeconds(60))
          .run()
          .requireSuccess();
    }
    ProcessRunner.Result info =
        ProcessRunner.of(jcmd.toString(), Long.toString(pid), "GC.heap_info")
            .timeout(Duration.ofSeconds(60))
            .run()
            .requireSuccess();
    Matcher m = USED.matcher(info.stdout());
    if (!m.find()) {
      throw new IllegalStateException("no 'used NK' in jcmd GC.heap_info:\n" + info.describe());
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  static long residentBytes(long pid) {
    try {
      Matcher m = RSS.matcher(Files.readString(Path.of("/proc", Long.toString(pid), "status")));
      return m.find() ? Long.parseLong(m.group(1)) * 1024 : -1;
    } catch (java.io.IOException e) {
      return -1;
    }
  }
}
