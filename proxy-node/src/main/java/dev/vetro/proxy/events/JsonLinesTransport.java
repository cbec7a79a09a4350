package dev.vetro.proxy.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * {@code VETRO_DECISION_LOG}: one JSON object per line, appended. When the file passes {@code
 * maxBytes} it is renamed to {@code <file>.1} (replacing the previous one), so a proxy that runs
 * for months without a control plane uses bounded disk.
 */
public final class JsonLinesTransport implements BatchTransport {
  private final Path file;
  private final long maxBytes;
  private BufferedWriter out;
  private long size;

  public JsonLinesTransport(Path file, long maxBytes) {
    this.file = file;
    this.maxBytes = maxBytes;
  }

  @Override
  public Delivery deliver(EventBatch batch) {
    try {
      if (out == null) {
        open();
      }
      StringBuilder lines = new StringBuilder();
      for (ObjectNode e : batch.events()) {
        lines.append(EventJson.MAPPER.writeValueAsString(e)).append('\n');
      }
      String text = lines.toString();
      out.write(text);
      out.flush();
      size += text.getBytes(StandardCharsets.UTF_8).length;
      if (size >= maxBytes) {
        rotate();
      }
      return new Delivery.Delivered();
    } catch (IOException | RuntimeException e) {
      closeQuietly(); // reopen on the next attempt: the file may have been moved or the disk freed
      return new Delivery.Retry("cannot write " + file + ": " + e);
    }
  }

  private void open() throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    out =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE);
    size = Files.size(file);
  }

  private void rotate() throws IOException {
    out.close();
    out = null;
    Files.move(
        file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
  }

  private void closeQuietly() {
    if (out != null) {
      try {
        out.close();
      } catch (IOException ignored) {
        // the next attempt reopens; nothing more can be done for this writer
      }
      out = null;
    }
  }

  @Override
  public String describe() {
    return "decisions -> " + file.toAbsolutePath().normalize() + " (JSON lines)";
  }

  @Override
  public void close() {
    closeQuietly();
  }
}
