package dev.vetro.api.keys;

import dev.vetro.api.http.ApiException;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What an API key may do. A key holds the scopes chosen at its creation; a logged-in user holds
 * them all. The split follows where keys live: a proxy's key sits in the application's
 * infrastructure, a CI key in a pipeline's secrets, so neither may change the policy that judges
 * it.
 */
public enum Scope {
  /** The CI check endpoints: {@code POST proxy/query}, {@code POST ci/check}. */
  EVALUATE,
  /** What a proxy needs: {@code GET proxy/policy}, {@code POST proxy/events}, heartbeat. */
  PROXY,
  /** Databases, policies, modes, workspace settings, and reading history and status. */
  ADMIN;

  /**
   * The scopes of a key created without {@code scopes}, and of every key created before scopes
   * existed (their {@code Created} event has none): what proxies and pipelines use. Admin work was
   * done from the dashboard (a session); a script that changed databases with an old key gets a 403
   * naming the scope and needs a new key with {@code admin}.
   */
  public static final Set<Scope> LEGACY = EnumSet.of(EVALUATE, PROXY);

  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Scope parse(String raw) {
    for (Scope s : values()) {
      if (s.jsonName().equals(raw)) {
        return s;
      }
    }
    throw ApiException.invalid("unknown scope '" + raw + "'; scopes are evaluate, proxy and admin");
  }

  /** Names as journaled (null stands for {@link #LEGACY}). */
  public static Set<Scope> of(List<String> names) {
    if (names == null) {
      return LEGACY;
    }
    Set<Scope> out = EnumSet.noneOf(Scope.class);
    for (String n : names) {
      out.add(parse(n));
    }
    return out;
  }

  /** In declaration order, for JSON and the journal. */
  public static List<String> names(Set<Scope> scopes) {
    return scopes.stream().sorted().map(Scope::jsonName).toList();
  }
}
