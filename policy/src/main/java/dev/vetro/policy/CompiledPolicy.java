package dev.vetro.policy;

import dev.vetro.policy.decision.Action;
import dev.vetro.policy.rules.Rule;
import dev.vetro.policy.rules.RuleCatalog;
import dev.vetro.policy.rules.Severity;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A validated, immutable policy with every default resolved, so the hot path does map lookups only.
 * Safe to share between threads.
 */
public final class CompiledPolicy {

  public enum Mode {
    ENFORCE,
    OBSERVE
  }

  /** What to do with a statement the analysis could not fully read. */
  public enum ParseErrorMode {
    BLOCK_WRITES,
    BLOCK,
    ALLOW
  }

  private final long version;
  private final Mode mode;
  private final ParseErrorMode parseError;
  private final long maxQueryBytes;
  private final Map<String, Action> ruleActions; // absent = disabled
  private final Map<String, Set<String>> exemptRulesByRole;
  private final Set<String> allowlist;

  private CompiledPolicy(
      long version,
      Mode mode,
      ParseErrorMode parseError,
      long maxQueryBytes,
      Map<String, Action> ruleActions,
      Map<String, Set<String>> exemptRulesByRole,
      Set<String> allowlist) {
    this.version = version;
    this.mode = mode;
    this.parseError = parseError;
    this.maxQueryBytes = maxQueryBytes;
    this.ruleActions = ruleActions;
    this.exemptRulesByRole = exemptRulesByRole;
    this.allowlist = allowlist;
  }

  static CompiledPolicy compile(Policy p) {
    Policy d = Policy.defaults();
    int schema = p.schemaVersion() == null ? Policy.SCHEMA_VERSION : p.schemaVersion();
    if (schema != Policy.SCHEMA_VERSION) {
      throw new PolicyException(
          "schema_version "
              + schema
              + " is not supported (this engine reads "
              + Policy.SCHEMA_VERSION
              + ")");
    }
    long version = p.version() == null ? 0 : p.version();
    Mode mode =
        parseEnum(Mode.class, p.mode() == null ? d.mode() : p.mode(), "mode", "enforce, observe");
    ParseErrorMode parseError =
        parseEnum(
            ParseErrorMode.class,
            p.parseError() == null ? d.parseError() : p.parseError(),
            "parse_error",
            "block_writes, block, allow");
    long maxBytes = p.maxQueryBytes() == null ? Policy.DEFAULT_MAX_QUERY_BYTES : p.maxQueryBytes();
    if (maxBytes <= 0) {
      throw new PolicyException("max_query_bytes must be positive, got " + maxBytes);
    }

    Map<Severity, Action> bySeverity = new EnumMap<>(Severity.class);
    d.actions().forEach((k, v) -> bySeverity.put(severity(k), Action.parse(v)));
    if (p.actions() != null) {
      p.actions().forEach((k, v) -> bySeverity.put(severity(k), action(v, "actions." + k)));
    }

    Map<String, Action> ruleActions = new HashMap<>();
    for (Rule r : RuleCatalog.all()) {
      if (r.severity() != Severity.META && r.enabledByDefault()) {
        ruleActions.put(r.code(), bySeverity.get(r.severity()));
      }
    }
    if (p.rules() != null) {
      p.rules()
          .forEach(
              (code, o) -> {
                Rule r = knownRule(code, "rules");
                if (r.severity() == Severity.META) {
                  throw new PolicyException(
                      "rules."
                          + code
                          + ": meta rules are configured by parse_error / "
                          + "max_query_bytes, not per rule");
                }
                if (o == null) {
                  throw new PolicyException("rules." + code + " must be an object");
                }
                boolean enabled =
                    o.enabled() != null
                        ? o.enabled()
                        : (r.enabledByDefault() || o.action() != null);
                Action a =
                    o.action() != null
                        ? action(o.action(), "rules." + code + ".action")
                        : bySeverity.get(r.severity());
                if (enabled) {
                  ruleActions.put(code, a);
                } else {
                  ruleActions.remove(code);
                }
              });
    }

    Map<String, Set<String>> exempt = new HashMap<>();
    if (p.roleExceptions() != null) {
      p.roleExceptions()
          .forEach(
              (role, codes) -> {
                if (codes == null) {
                  throw new PolicyException(
                      "role_exceptions." + role + " must be a list of rule codes");
                }
                Set<String> set = new HashSet<>();
                for (String c : codes) {
                  set.addAll(expand(c, "role_exceptions." + role));
                }
                exempt.put(role, Set.copyOf(set));
              });
    }
    Set<String> allow = new HashSet<>();
    if (p.allowlist() != null) {
      for (String f : p.allowlist()) {
        if (f == null || f.isBlank()) {
          throw new PolicyException("allowlist entries are fingerprints (hex), got an empty one");
        }
        allow.add(f.toLowerCase(Locale.ROOT));
      }
    }
    return new CompiledPolicy(
        version,
        mode,
        parseError,
        maxBytes,
        Map.copyOf(ruleActions),
        Map.copyOf(exempt),
        Set.copyOf(allow));
  }

  /** {@code VETRO-015} or an inclusive range {@code VETRO-015..VETRO-025} (numbers that exist). */
  private static List<String> expand(String spec, String where) {
    if (spec == null) {
      throw new PolicyException(where + ": null rule code");
    }
    int dots = spec.indexOf("..");
    if (dots < 0) {
      return List.of(knownRule(spec, where).code());
    }
    int from = knownRule(spec.substring(0, dots).trim(), where).number();
    int to = knownRule(spec.substring(dots + 2).trim(), where).number();
    if (from < 0 || to < from) {
      throw new PolicyException(where + ": bad range '" + spec + "'");
    }
    return RuleCatalog.all().stream()
        .filter(r -> r.number() >= from && r.number() <= to)
        .map(Rule::code)
        .toList();
  }

  private static Rule knownRule(String code, String where) {
    return RuleCatalog.find(code)
        .orElseThrow(
            () ->
                new PolicyException(
                    where
                        + ": unknown rule code '"
                        + code
                        + "' (known: "
                        + String.join(", ", RuleCatalog.codes())
                        + ")"));
  }

  private static Severity severity(String key) {
    try {
      Severity s = Severity.valueOf(key.toUpperCase(Locale.ROOT));
      if (s != Severity.META) {
        return s;
      }
    } catch (IllegalArgumentException ignored) {
      // fall through to the precise message
    }
    throw new PolicyException(
        "actions: unknown severity '" + key + "' (known: critical, high, medium, low)");
  }

  private static Action action(String v, String where) {
    try {
      return Action.parse(v);
    } catch (IllegalArgumentException e) {
      throw new PolicyException(where + ": " + e.getMessage());
    }
  }

  private static <E extends Enum<E>> E parseEnum(
      Class<E> type, String v, String field, String known) {
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new PolicyException(field + " must be one of " + known + ", not '" + v + "'");
    }
  }

  /** The action for a rule as it applies to this database user; empty when it does not apply. */
  public Optional<Action> actionFor(String code, String databaseUser) {
    Action a = ruleActions.get(code);
    if (a == null) {
      return Optional.empty();
    }
    if (databaseUser != null) {
      Set<String> exempt = exemptRulesByRole.get(databaseUser);
      if (exempt != null && exempt.contains(code)) {
        return Optional.empty();
      }
    }
    return Optional.of(a);
  }

  public boolean allowlisted(String fingerprintHex) {
    return !allowlist.isEmpty() && fingerprintHex != null && allowlist.contains(fingerprintHex);
  }

  public long version() {
    return version;
  }

  public Mode mode() {
    return mode;
  }

  public ParseErrorMode parseError() {
    return parseError;
  }

  public long maxQueryBytes() {
    return maxQueryBytes;
  }
}
