package dev.vetro.api.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Typed access to a JSON request object; every failure names the field. */
public record Body(JsonNode node, String prefix) {

  public static Body of(byte[] bytes) {
    return new Body(Json.tree(bytes), "");
  }

  public String requiredString(String field) {
    return optionalString(field).orElseThrow(() -> ApiException.missing(prefix + field));
  }

  public String requiredNonBlank(String field) {
    String v = requiredString(field);
    if (v.isBlank()) {
      throw ApiException.invalid("field '" + prefix + field + "' must not be blank");
    }
    return v;
  }

  public Optional<String> optionalString(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw ApiException.invalid("field '" + prefix + field + "' must be a string");
    }
    return Optional.of(v.textValue());
  }

  public Optional<Long> optionalLong(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw ApiException.invalid("field '" + prefix + field + "' must be an integer");
    }
    return Optional.of(v.longValue());
  }

  public Optional<Boolean> optionalBoolean(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw ApiException.invalid("field '" + prefix + field + "' must be true or false");
    }
    return Optional.of(v.booleanValue());
  }

  public Optional<JsonNode> optionalObject(String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw ApiException.invalid("field '" + prefix + field + "' must be a JSON object");
    }
    return Optional.of(v);
  }

  /** An optional array of strings, at most {@code max} of them. */
  public Optional<List<String>> optionalStrings(String field, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isArray()) {
      throw ApiException.invalid("field '" + prefix + field + "' must be an array of strings");
    }
    if (v.size() > max) {
      throw ApiException.invalid(
          "field '" + prefix + field + "' holds " + v.size() + " items; at most " + max);
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw ApiException.invalid("field '" + prefix + field + "' must be an array of strings");
      }
      out.add(e.asText());
    }
    return Optional.of(out);
  }

  /** The array's elements as objects; each element's errors name {@code field[i].x}. */
  public List<Body> requiredObjects(String field, int max) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      throw ApiException.missing(prefix + field);
    }
    if (!v.isArray()) {
      throw ApiException.invalid("field '" + prefix + field + "' must be an array");
    }
    if (v.size() > max) {
      throw ApiException.invalid(
          "field '" + prefix + field + "' holds " + v.size() + " items; at most " + max);
    }
    List<Body> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isObject()) {
        throw ApiException.invalid(
            "field '" + prefix + field + "[" + i + "]' must be a JSON object");
      }
      out.add(new Body(e, prefix + field + "[" + i + "]."));
    }
    return out;
  }
}
