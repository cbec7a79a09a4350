package dev.vetro.proxy.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Decision events that could not be delivered before the node stopped, kept on local disk ({@code
 * $VETRO_DATA_DIR/spool/}) and sent after the next start. A file holds whole batches, one JSON line
 * each, with their batch and event ids, so a batch sent again after a crash is still the same
 * request and the control plane records it once. Files are written with fsync and removed only
 * after every batch in them was delivered.
 */
public final class EventSpool {
  private final Path dir;

  public EventSpool(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** Writes the batches to a new spool file; throws when they could not be made durable. */
  public void write(List<EventBatch> batches) throws IOException {
    if (batches.isEmpty()) {
      return;
    }
    Files.createDirectories(dir);
    StringBuilder lines = new StringBuilder();
    for (EventBatch b : batches) {
      ObjectNode line = EventJson.MAPPER.createObjectNode();
      line.put("batch_id", b.batchId());
      ArrayNode events = line.putArray("events");
      b.events().forEach(events::add);
      lines.append(EventJson.MAPPER.writeValueAsString(line)).append('\n');
    }
    Path tmp = Files.createTempFile(dir, "spool-", ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    }
    Files.move(
        tmp,
        dir.resolve("spool-" + System.currentTimeMillis() + "-" + tmp.getFileName() + ".jsonl"),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  /** Spool files, oldest first. */
  public List<Path> files() throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
    }
  }

  /** The batches of one spool file. */
  public static List<EventBatch> read(Path file) throws IOException {
    List<EventBatch> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode n = EventJson.MAPPER.readTree(line);
      List<ObjectNode> events = new ArrayList<>();
      n.path("events").forEach(e -> events.add((ObjectNode) e));
      out.add(new EventBatch(n.path("batch_id").asText(), events));
    }
    return out;
  }

  /** Events in all spool files (for the start log). */
  public int pendingEvents() {
    int n = 0;
    try {
      for (Path f : files()) {
        for (EventBatch b : read(f)) {
          n += b.size();
        }
      }
    } catch (IOException e) {
      return n;
    }
    return n;
  }
}
