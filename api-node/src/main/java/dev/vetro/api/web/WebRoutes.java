package dev.vetro.api.web;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.model.headers.RawHeader;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * The dashboard on the API's port: the page shell for every page path (the pages themselves are ES
 * modules that call the public API), our static files under {@code /assets/} and the two WebJars
 * under {@code /webjars/}. Every response carries a Content-Security-Policy without inline scripts.
 */
public final class WebRoutes extends AllDirectives {
  /** Page paths the shell answers; the client-side router picks the page from the URL. */
  static final Set<String> PAGES =
      Set.of("login", "register", "databases", "keys", "queries", "rules");

  /**
   * No inline script or style, no eval, nothing from another origin. uPlot sizes its canvas through
   * the CSSOM (element.style), which style-src does not govern.
   */
  public static final String CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
          + "form-action 'self'; frame-ancestors 'none'";

  static final List<HttpHeader> SECURITY_HEADERS =
      List.of(
          RawHeader.create("Content-Security-Policy", CSP),
          RawHeader.create("X-Content-Type-Options", "nosniff"),
          RawHeader.create("Referrer-Policy", "same-origin"),
          RawHeader.create("X-Frame-Options", "DENY"));

  private final StaticAssets assets = new StaticAssets();

  /**
   * Paths first, method second: a passing {@code get()} cancels other routes' method rejections, so
   * a GET to a POST-only API path must never reach one here (it would turn 405 into 404).
   */
  public Route routes() {
    List<Route> pages = new java.util.ArrayList<>();
    pages.add(pathSingleSlash(() -> get(this::shell)));
    for (String page : PAGES) {
      pages.add(pathPrefix(page, () -> pathEndOrSingleSlash(() -> get(this::shell))));
    }
    pages.add(
        pathPrefix(
            "databases",
            () -> path(PathMatchers.segment(), id -> get(this::shell)))); // /databases/{id}
    pages.add(
        pathPrefix(
            "assets",
            () -> get(() -> extractUnmatchedPath(p -> serve(assets.own(strip(p)), "no-cache")))));
    pages.add(
        pathPrefix(
            "webjars",
            () ->
                get(
                    () ->
                        extractUnmatchedPath(
                            // the version is in the path: a file never changes
                            p ->
                                serve(
                                    assets.webjar(strip(p)),
                                    "public, max-age=31536000, immutable")))));
    return respondWithHeaders(
        SECURITY_HEADERS,
        () -> concat(pages.get(0), pages.subList(1, pages.size()).toArray(Route[]::new)));
  }

  private Route shell() {
    return serve(assets.own("index.html"), "no-cache");
  }

  private static String strip(String p) {
    return p.startsWith("/") ? p.substring(1) : p;
  }

  private Route serve(Optional<StaticAssets.Asset> asset, String cacheControl) {
    if (asset.isEmpty()) {
      return reject();
    }
    StaticAssets.Asset a = asset.get();
    String etag = "\"" + a.etag() + "\"";
    return optionalHeaderValueByName(
        "If-None-Match",
        inm -> {
          List<HttpHeader> headers =
              List.of(
                  RawHeader.create("ETag", etag), RawHeader.create("Cache-Control", cacheControl));
          if (inm.isPresent() && (inm.get().contains(etag) || inm.get().trim().equals("*"))) {
            return complete(
                HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED).addHeaders(headers));
          }
          return complete(
              HttpResponse.create()
                  .withEntity(HttpEntities.create(a.contentType(), a.bytes()))
                  .addHeaders(headers));
        });
  }
}
