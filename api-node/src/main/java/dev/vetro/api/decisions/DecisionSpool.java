package dev.vetro.api.decisions;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The evaluation API's decisions on local disk until the journal has them, so a 200 from {@code
 * proxy/query} means its decision reaches history even if the process is killed the next moment.
 * Each decision is one JSON line appended to the current segment file with a plain {@code write}
 * before the request is answered: the bytes are in the operating system's cache, which a killed
 * process cannot take with it (a power cut can; no fsync per request, see the README). Every 200 ms
 * the recorder closes the segment, journals it and deletes it.
 *
 * <p>Each node spools in its own directory under {@code <VETRO_DATA_DIR>/decision-spool/}, holding
 * a file lock on it while it runs. At start a node replays the segments of every directory whose
 * lock is free (its node is gone): the batch id of a segment is derived from its file name, so a
 * segment journaled just before the crash is recognised as a duplicate instead of counted twice.
 */
final class DecisionSpool implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DecisionSpool.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
  static final String SEGMENT_SUFFIX = ".jsonl";

  record Spooled(String workspaceId, String databaseId, DecisionRecord record) {}

  /** A closed segment: its file, and its records when still in memory (null: read the file). */
  record Segment(Path file, List<Spooled> records) {
    String name() {
      String f = file.getFileName().toString();
      return file.getParent().getFileName()
          + "-"
          + f.substring(0, f.length() - SEGMENT_SUFFIX.length());
    }
  }

  private final Path dir;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private long nextSegment;
  private FileChannel current;
  private Path currentPath;
  private List<Spooled> currentRecords = new ArrayList<>();

  DecisionSpool(Path root) {
    try {
      this.dir = root.resolve(UUID.randomUUID().toString());
      Files.createDirectories(dir);
      this.lockChannel =
          FileChannel.open(
              dir.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
      this.lock = lockChannel.lock();
      open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the decision spool under " + root, e);
    }
  }

  /** Appends before the caller answers; false when the disk refused (the caller counts a loss). */
  boolean append(String workspaceId, String databaseId, DecisionRecord record) {
    Spooled item = new Spooled(workspaceId, databaseId, record);
    ByteBuffer buf;
    try {
      byte[] line = JSON.writeValueAsBytes(item); // outside the lock: requests run in parallel
      buf = ByteBuffer.allocate(line.length + 1).put(line).put((byte) '\n').flip();
    } catch (IOException e) {
      return false;
    }
    synchronized (this) {
      try {
        while (buf.hasRemaining()) {
          current.write(buf);
        }
      } catch (IOException e) {
        return false;
      }
      currentRecords.add(item);
      return true;
    }
  }

  synchronized int currentSize() {
    return currentRecords.size();
  }

  /** Closes the current segment (null when it is empty) and starts the next. */
  synchronized Segment rotate() {
    if (currentRecords.isEmpty()) {
      return null;
    }
    Segment s = new Segment(currentPath, currentRecords);
    try {
      current.close();
      open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot rotate the decision spool in " + dir, e);
    }
    return s;
  }

  private void open() throws IOException {
    currentPath = dir.resolve(String.format("%012d", nextSegment++) + SEGMENT_SUFFIX);
    current =
        FileChannel.open(
            currentPath,
            StandardOpenOption.CREATE,
            StandardOpenOption.WRITE,
            StandardOpenOption.APPEND);
    currentRecords = new ArrayList<>();
  }

  static void delete(Segment s) {
    try {
      Files.deleteIfExists(s.file());
    } catch (IOException e) {
      LOG.warn("cannot delete spooled decisions {}: {}", s.file(), e.toString());
    }
  }

  /**
   * The records of a segment, from memory or its file; a torn last line (a kill mid-write) is
   * skipped.
   */
  static List<Spooled> read(Segment s) {
    if (s.records() != null) {
      return s.records();
    }
    List<Spooled> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(s.file(), StandardCharsets.UTF_8)) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(JSON.readValue(line, Spooled.class));
        } catch (IOException e) {
          LOG.warn("skipping an unreadable line in {}: {}", s.file(), e.getMessage());
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot read spooled decisions {}: {}", s.file(), e.toString());
    }
    return out;
  }

  /**
   * Segments left by nodes that are gone (their lock is free), oldest first; their directories are
   * adopted: this node deletes each segment once journaled, and the directory when empty.
   */
  static List<Segment> leftovers(Path root, Path own) {
    List<Segment> out = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return out;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.filter(Files::isDirectory).sorted().toList()) {
        if (d.equals(own) || !free(d)) {
          continue;
        }
        try (Stream<Path> files = Files.list(d)) {
          files
              .filter(f -> f.getFileName().toString().endsWith(SEGMENT_SUFFIX))
              .sorted()
              .forEach(f -> out.add(new Segment(f, null)));
        }
      }
    } catch (IOException e) {
      LOG.warn("cannot list the decision spool {}: {}", root, e.toString());
    }
    return out;
  }

  /** Removes directories of gone nodes that hold no segment any more. */
  static void pruneEmpty(Path root, Path own) {
    if (!Files.isDirectory(root)) {
      return;
    }
    try (Stream<Path> dirs = Files.list(root)) {
      for (Path d : dirs.filter(Files::isDirectory).toList()) {
        if (d.equals(own) || !free(d)) {
          continue;
        }
        try (Stream<Path> files = Files.list(d)) {
          if (files.noneMatch(f -> f.getFileName().toString().endsWith(SEGMENT_SUFFIX))) {
            Files.deleteIfExists(d.resolve(".lock"));
            Files.deleteIfExists(d);
          }
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot prune the decision spool {}: {}", root, e.toString());
    }
  }

  private static boolean free(Path d) {
    Path lockFile = d.resolve(".lock");
    if (!Files.exists(lockFile)) {
      return true;
    }
    try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock l = ch.tryLock();
      if (l == null) {
        return false;
      }
      l.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // held by this JVM: another node of this process (tests) still runs
    } catch (IOException e) {
      return false;
    }
  }

  Path dir() {
    return dir;
  }

  @Override
  public synchronized void close() {
    try {
      current.close();
      lock.release();
      lockChannel.close();
    } catch (IOException e) {
      LOG.debug("closing the decision spool: {}", e.toString());
    }
  }
}
