package dev.vetro.proxy.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.NOPLogger;

class RateLimitedLogTest {

  @Test
  void aFloodOfOccurrencesWritesOneLinePerIntervalCountingThemAll() {
    AtomicLong now = new AtomicLong(0);
    RateLimitedLog log = new RateLimitedLog(NOPLogger.NOP_LOGGER, Duration.ofSeconds(10), now::get);
    int lines = 0;
    for (int i = 0; i < 1_000_000; i++) { // a million failures within the first interval
      if (log.warn("accept failed", "Too many open files")) {
        lines++;
      }
    }
    assertEquals(1, lines, "the first one is written at once, the rest wait for the interval");
    now.addAndGet(Duration.ofSeconds(9).toNanos());
    assertTrue(!log.warn("accept failed", "x"));
    now.addAndGet(Duration.ofSeconds(1).toNanos());
    assertTrue(log.warn("accept failed", "x"), "one line once the interval has passed");
    assertTrue(!log.info("accept failed", "x"));
  }
}
