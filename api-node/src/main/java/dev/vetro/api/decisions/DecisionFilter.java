package dev.vetro.api.decisions;

import dev.vetro.api.http.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Filters and page position of a decision listing, parsed from query parameters. Each bad value
 * names its parameter. The cursor is opaque to clients: base64url of the last row's (ts, event id),
 * so a page never skips or repeats rows that share a timestamp.
 */
public record DecisionFilter(
    Optional<Long> from,
    Optional<Long> to,
    Optional<String> decision,
    Optional<String> rule,
    Optional<String> databaseUser,
    Optional<String> fingerprint,
    Optional<Cursor> cursor,
    int limit) {

  public static final int DEFAULT_LIMIT = 50;
  public static final int MAX_LIMIT = 500;
  private static final Pattern RULE = Pattern.compile("VETRO-[A-Z0-9-]{1,40}");
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{1,64}");

  public record Cursor(long ts, String eventId) {
    String encode() {
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString((ts + ":" + eventId).getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String s) {
      try {
        String raw = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
        int colon = raw.indexOf(':');
        return new Cursor(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
      } catch (RuntimeException e) {
        throw ApiException.invalid("parameter 'cursor' is not a cursor this API returned");
      }
    }
  }

  public static DecisionFilter parse(Map<String, String> q) {
    Optional<String> decision =
        Optional.ofNullable(q.get("decision"))
            .map(
                d -> {
                  String u = d.toUpperCase(java.util.Locale.ROOT);
                  if (!u.equals("ALLOWED") && !u.equals("FLAGGED") && !u.equals("BLOCKED")) {
                    throw ApiException.invalid(
                        "parameter 'decision' must be ALLOWED, FLAGGED or BLOCKED, not '"
                            + d
                            + "'");
                  }
                  return u;
                });
    Optional<String> rule =
        Optional.ofNullable(q.get("rule"))
            .map(
                r -> {
                  if (!RULE.matcher(r).matches()) {
                    throw ApiException.invalid(
                        "parameter 'rule' must be a rule code such as VETRO-001, not '" + r + "'");
                  }
                  return r;
                });
    Optional<String> fp =
        Optional.ofNullable(q.get("fingerprint"))
            .map(
                f -> {
                  if (!HEX.matcher(f).matches()) {
                    throw ApiException.invalid("parameter 'fingerprint' must be lower-case hex");
                  }
                  return f;
                });
    int limit =
        Optional.ofNullable(q.get("limit"))
            .map(
                l -> {
                  try {
                    int n = Integer.parseInt(l);
                    if (n < 1 || n > MAX_LIMIT) {
                      throw new NumberFormatException();
                    }
                    return n;
                  } catch (NumberFormatException e) {
                    throw ApiException.invalid("parameter 'limit' must be 1.." + MAX_LIMIT);
                  }
                })
            .orElse(DEFAULT_LIMIT);
    return new DecisionFilter(
        time(q, "from"),
        time(q, "to"),
        decision,
        rule,
        Optional.ofNullable(q.get("database_user")),
        fp,
        Optional.ofNullable(q.get("cursor")).map(Cursor::decode),
        limit);
  }

  /** ISO-8601 instant ({@code 2025-01-31T12:00:00Z}) or epoch milliseconds. */
  private static Optional<Long> time(Map<String, String> q, String name) {
    String v = q.get(name);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          v.chars().allMatch(Character::isDigit)
              ? Long.parseLong(v)
              : Instant.parse(v).toEpochMilli());
    } catch (DateTimeParseException | NumberFormatException e) {
      throw ApiException.invalid(
          "parameter '" + name + "' must be an ISO-8601 instant or epoch milliseconds");
    }
  }
}
