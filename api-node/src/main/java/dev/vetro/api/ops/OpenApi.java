package dev.vetro.api.ops;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vetro.api.http.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3 document ({@code openapi.json} beside this class), served at {@code
 * /api/openapi.json}. It also names the route templates for metrics labels: a request path is
 * reported under its documented template or as {@code unmatched}, so scanners cannot blow up the
 * series count.
 */
public final class OpenApi {
  private static final Pattern UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  private final byte[] document;
  private final List<String> templates;

  /** Each template split once: this runs for every request (metrics labels). */
  private final List<String[]> templateParts;

  public OpenApi() {
    try (InputStream in = OpenApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the class path");
      }
      this.document = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.templates = new ArrayList<>();
    Iterator<String> names = tree().get("paths").fieldNames();
    names.forEachRemaining(templates::add);
    this.templateParts = templates.stream().map(t -> t.split("/", -1)).toList();
  }

  public byte[] document() {
    return document;
  }

  public JsonNode tree() {
    try {
      return Json.MAPPER.readTree(document);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code /api/v1/databases/3f…/policy} → {@code /api/v1/databases/{id}/policy}, or "unmatched".
   */
  public String templateOf(String path) {
    String[] parts = path.split("/", -1);
    for (int t = 0; t < templates.size(); t++) {
      String[] tp = templateParts.get(t);
      if (tp.length != parts.length) {
        continue;
      }
      boolean ok = true;
      for (int i = 0; i < tp.length && ok; i++) {
        ok = tp[i].startsWith("{") ? UUID.matcher(parts[i]).matches() : tp[i].equals(parts[i]);
      }
      if (ok) {
        return templates.get(t);
      }
    }
    return "unmatched";
  }
}
