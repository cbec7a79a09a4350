package dev.vetro.policy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.List;
import java.util.Map;

/**
 * A database's policy as stored and exchanged (JSON, snake_case). Every field is optional in the
 * JSON; missing ones take the defaults of {@link #defaults()}. Compile it once per version and
 * share the {@link CompiledPolicy}.
 *
 * <pre>{@code
 * {"schema_version": 1, "version": 7, "mode": "enforce",
 *  "actions": {"critical": "block", "high": "block", "medium": "flag", "low": "allow"},
 *  "rules": {"VETRO-050": {"enabled": true, "action": "flag"}},
 *  "role_exceptions": {"migrator": ["VETRO-015..VETRO-025"]},
 *  "allowlist": ["9f2c…"], "parse_error": "block_writes", "max_query_bytes": 1048576}
 * }</pre>
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Policy(
    @JsonProperty("schema_version") Integer schemaVersion,
    @JsonProperty("version") Long version,
    @JsonProperty("mode") String mode,
    @JsonProperty("actions") Map<String, String> actions,
    @JsonProperty("rules") Map<String, RuleOverride> rules,
    @JsonProperty("role_exceptions") Map<String, List<String>> roleExceptions,
    @JsonProperty("allowlist") List<String> allowlist,
    @JsonProperty("parse_error") String parseError,
    @JsonProperty("max_query_bytes") Long maxQueryBytes) {

  public static final int SCHEMA_VERSION = 1;
  public static final long DEFAULT_MAX_QUERY_BYTES = 1L << 20;

  /** Per-rule override; a null field keeps the default. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record RuleOverride(
      @JsonProperty("enabled") Boolean enabled, @JsonProperty("action") String action) {}

  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  public static Policy defaults() {
    return new Policy(
        SCHEMA_VERSION,
        0L,
        "enforce",
        Map.of("critical", "block", "high", "block", "medium", "flag", "low", "allow"),
        Map.of(),
        Map.of(),
        List.of(),
        "block_writes",
        DEFAULT_MAX_QUERY_BYTES);
  }

  /** Parses and validates; throws {@link PolicyException} naming what is wrong. */
  public static Policy fromJson(String json) {
    Policy p;
    try {
      p = JSON.readValue(json, Policy.class);
    } catch (UnrecognizedPropertyException e) {
      throw new PolicyException(
          "unknown policy field '"
              + e.getPropertyName()
              + "' (known: "
              + e.getKnownPropertyIds()
              + ")",
          e);
    } catch (JsonProcessingException e) {
      throw new PolicyException(
          "policy is not valid JSON: " + e.getOriginalMessage() + locationOf(e), e);
    }
    if (p == null) {
      throw new PolicyException("policy is JSON null");
    }
    p.compile(); // validation lives in one place: the compiler
    return p;
  }

  private static String locationOf(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  public String toJson() {
    try {
      return JSON.writeValueAsString(this);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Policy is plain data and always serialises", e);
    }
  }

  public CompiledPolicy compile() {
    return CompiledPolicy.compile(this);
  }

  public Policy withMode(String newMode) {
    return new Policy(
        schemaVersion,
        version,
        newMode,
        actions,
        rules,
        roleExceptions,
        allowlist,
        parseError,
        maxQueryBytes);
  }
}
