package dev.vetro.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vetro.protocol.Segment.Captured;
import dev.vetro.protocol.backend.DataRow;
import dev.vetro.protocol.backend.ReadyForQuery;
import java.util.List;
import java.util.Set;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * A sanity check that the hot path is message-proportional, not a benchmark: it prints a figure for
 * the reader and asserts only counts. Real numbers come from the JMH/pgbench harnesses.
 */
class ScannerThroughputTest {

  @Test
  void manySmallMessagesInLargeChunksAreAllAccountedFor() {
    ByteString row =
        new DataRow(List.of(ByteString.fromString("42"), ByteString.fromString("hello world")))
            .encode();
    ByteString rfq = ReadyForQuery.IDLE.encode();
    int rowsPerChunk = 64 * 1024 / row.length();
    ByteString chunk = ByteString.emptyByteString();
    for (int i = 0; i < rowsPerChunk; i++) {
      chunk = chunk.concat(row);
    }
    chunk = chunk.concat(rfq).compact();
    int rounds = 200;
    MessageScanner scanner = new MessageScanner(Direction.BACKEND, Set.of((byte) 'Z'), 1 << 20);
    long[] counts = new long[2];
    long t0 = System.nanoTime();
    for (int i = 0; i < rounds; i++) {
      scanner.feed(chunk, s -> counts[s instanceof Captured ? 1 : 0]++);
    }
    long nanos = System.nanoTime() - t0;
    scanner.complete();
    assertEquals((long) rowsPerChunk * rounds, counts[0]);
    assertEquals(rounds, counts[1]);
    System.out.printf(
        "scanner: %.1f M messages/s, %.0f MiB/s (informational)%n",
        (counts[0] + counts[1]) / (nanos / 1e3),
        (double) chunk.length() * rounds / 1048576 / (nanos / 1e9));
  }
}
