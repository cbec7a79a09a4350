package dev.vetro.api.web;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.http.javadsl.model.ContentType;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpCharsets;
import org.apache.pekko.http.javadsl.model.MediaTypes;

/**
 * The dashboard's files from the classpath: our own under {@code dev/vetro/api/web/static/}, the
 * front-end libraries from their WebJars. Each file is read once and kept with a strong ETag (a
 * hash of its bytes), so a browser revalidates with one 304 instead of downloading again.
 */
final class StaticAssets {
  static final String OWN_ROOT = "dev/vetro/api/web/static/";
  static final String WEBJAR_ROOT = "META-INF/resources/webjars/";

  /** Only these WebJars are served: nothing else on the classpath is reachable by URL. */
  static final java.util.Set<String> WEBJARS = java.util.Set.of("picocss__pico", "uplot");

  record Asset(byte[] bytes, String etag, ContentType contentType) {}

  private static final Map<String, ContentType> TYPES =
      Map.of(
          "html", ContentTypes.TEXT_HTML_UTF8,
          "js", MediaTypes.APPLICATION_JAVASCRIPT.toContentType(HttpCharsets.UTF_8),
          "css", MediaTypes.TEXT_CSS.toContentType(HttpCharsets.UTF_8),
          "svg", MediaTypes.IMAGE_SVG_XML.toContentType(),
          "png", MediaTypes.IMAGE_PNG.toContentType(),
          "json", ContentTypes.APPLICATION_JSON);

  private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

  /** A file of ours, by its path below the static root ({@code js/app.js}). */
  Optional<Asset> own(String path) {
    return safe(path) ? load(OWN_ROOT + path) : Optional.empty();
  }

  /** A WebJar file, by {@code <name>/<version>/<path>}. */
  Optional<Asset> webjar(String path) {
    int slash = path.indexOf('/');
    if (slash < 0 || !WEBJARS.contains(path.substring(0, slash)) || !safe(path)) {
      return Optional.empty();
    }
    return load(WEBJAR_ROOT + path);
  }

  private Optional<Asset> load(String resource) {
    return cache.computeIfAbsent(resource, StaticAssets::read);
  }

  private static Optional<Asset> read(String resource) {
    int dot = resource.lastIndexOf('.');
    ContentType type = dot < 0 ? null : TYPES.get(resource.substring(dot + 1));
    if (type == null) {
      return Optional.empty(); // directories and unknown kinds are not served
    }
    try (InputStream in = StaticAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      return Optional.of(new Asset(bytes, etag(bytes), type));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + resource + ": " + e.getMessage(), e);
    }
  }

  private static boolean safe(String path) {
    if (path.isEmpty() || path.length() > 300 || path.startsWith("/") || path.contains("\\")) {
      return false;
    }
    for (String seg : path.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return false;
      }
    }
    return true;
  }

  static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, 22);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
