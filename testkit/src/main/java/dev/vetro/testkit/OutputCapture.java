package dev.vetro.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Collects a process's output with a fixed memory ceiling: the first half of the budget keeps the
 * head, the second half a ring of the most recent bytes. A chatty process (a server log at debug
 * level, a client dumping a huge result) cannot exhaust the test JVM's heap, and both the start
 * (usage errors) and the end (the final error) survive for diagnostics.
 */
final class OutputCapture {
  private final byte[] head;
  private final byte[] ring;
  private int headLength;
  private long ringWritten;
  private long total;

  OutputCapture(int limitBytes) {
    int half = Math.max(1, limitBytes / 2);
    this.head = new byte[half];
    this.ring = new byte[half];
  }

  synchronized void write(byte[] buffer, int offset, int length) {
    total += length;
    int toHead = Math.min(length, head.length - headLength);
    System.arraycopy(buffer, offset, head, headLength, toHead);
    headLength += toHead;
    for (int i = offset + toHead; i < offset + length; i++) {
      ring[(int) (ringWritten % ring.length)] = buffer[i];
      ringWritten++;
    }
  }

  /** Copies {@code in} into this capture until end of stream; the caller owns the thread. */
  void drain(InputStream in) {
    byte[] buffer = new byte[8192];
    try (in) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        write(buffer, 0, n);
      }
    } catch (IOException e) {
      // The stream closes under us when a killed process goes away; what we have is all there is.
    }
  }

  synchronized long totalBytes() {
    return total;
  }

  @Override
  public synchronized String toString() {
    String start = new String(head, 0, headLength, StandardCharsets.UTF_8);
    if (ringWritten == 0) {
      return start;
    }
    int kept = (int) Math.min(ringWritten, ring.length);
    byte[] tail = new byte[kept];
    long first = ringWritten - kept;
    for (int i = 0; i < kept; i++) {
      tail[i] = ring[(int) ((first + i) % ring.length)];
    }
    long dropped = total - headLength - kept;
    String gap = dropped > 0 ? "\n[... " + dropped + " bytes of output dropped ...]\n" : "";
    return start + gap + new String(tail, StandardCharsets.UTF_8);
  }

  /** The last {@code maxChars} characters, for error messages. */
  String tail(int maxChars) {
    String all = toString();
    return all.length() <= maxChars ? all : "..." + all.substring(all.length() - maxChars);
  }
}
