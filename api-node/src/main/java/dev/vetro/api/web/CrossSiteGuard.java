package dev.vetro.api.web;

import dev.vetro.api.accounts.Authenticator;
import dev.vetro.api.http.ApiException;
import dev.vetro.api.http.ErrorCode;
import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.pekko.http.javadsl.model.HttpHeader;
import org.apache.pekko.http.javadsl.model.HttpRequest;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.Route;

/**
 * Refuses state-changing requests that a browser sent on behalf of another site. The session cookie
 * is SameSite=Strict, but a page on another port of the same host is the same "site" and would
 * still get it sent; and {@code curl -d} compatibility means the API reads a JSON body whatever the
 * Content-Type, so a plain {@code <form enctype="text/plain">} could otherwise forge one.
 *
 * <p>The rule, for POST, PUT, PATCH and DELETE: a request whose {@code Origin} or {@code
 * Sec-Fetch-Site} says it comes from elsewhere is refused; a request that rides on the session
 * cookie must in addition prove it is ours, by a same-origin {@code Origin} or the {@code
 * X-Vetro-Request} header (which no cross-site page can add without a CORS preflight, and this
 * server grants none). Requests with an API key and no cookie (pipelines, proxies, curl) are not
 * browser-ambient credentials and pass.
 */
public final class CrossSiteGuard extends AllDirectives {
  public static final String CUSTOM_HEADER = "X-Vetro-Request";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  public Route guard(Supplier<Route> inner) {
    return extractRequest(
        req -> {
          check(req);
          return inner.get();
        });
  }

  static void check(HttpRequest req) {
    if (SAFE.contains(req.method().name())) {
      return;
    }
    Optional<String> fetchSite = header(req, "Sec-Fetch-Site");
    if (fetchSite.isPresent()
        && !fetchSite.get().equalsIgnoreCase("same-origin")
        && !fetchSite.get().equalsIgnoreCase("none")) {
      throw refused("the browser says it came from another site (" + fetchSite.get() + ")");
    }
    Optional<String> origin = header(req, "Origin");
    Optional<String> host = header(req, "Host");
    boolean sameOrigin = origin.isPresent() && sameOrigin(origin.get(), host.orElse(""));
    if (origin.isPresent() && !sameOrigin) {
      throw refused("Origin " + origin.get() + " is not this server");
    }
    boolean cookie =
        req.getHeader("Cookie")
            .map(h -> h.value().contains(Authenticator.SESSION_COOKIE + "="))
            .orElse(false);
    boolean key = req.getHeader("Authorization").isPresent();
    if (cookie && !key && !sameOrigin && header(req, CUSTOM_HEADER).isEmpty()) {
      throw refused(
          "a request with the session cookie needs a same-origin Origin header or "
              + CUSTOM_HEADER);
    }
  }

  /**
   * Scheme is not compared: behind a TLS-terminating balancer the Host is the same, the scheme not.
   */
  static boolean sameOrigin(String origin, String host) {
    try {
      URI o = new URI(origin.trim());
      if (o.getHost() == null) {
        return false; // "null" (sandboxed frames, file:) is never us
      }
      String authority = o.getHost() + (o.getPort() == -1 ? "" : ":" + o.getPort());
      String h = host.trim().toLowerCase(Locale.ROOT);
      String a = authority.toLowerCase(Locale.ROOT);
      if (a.equals(h)) {
        return true;
      }
      // Host without the default port of the Origin's scheme
      int defaultPort = "https".equalsIgnoreCase(o.getScheme()) ? 443 : 80;
      return o.getPort() == -1 && h.equals(a + ":" + defaultPort)
          || o.getPort() == defaultPort && h.equals(o.getHost().toLowerCase(Locale.ROOT));
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }

  private static Optional<String> header(HttpRequest req, String name) {
    return req.getHeader(name).map(HttpHeader::value);
  }

  private static ApiException refused(String why) {
    return new ApiException(ErrorCode.FORBIDDEN, "cross-site request refused: " + why);
  }
}
