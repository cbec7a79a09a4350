package dev.vetro.api.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpResponse;
import org.apache.pekko.http.javadsl.model.StatusCode;
import org.apache.pekko.http.javadsl.model.StatusCodes;

/**
 * The API's JSON: snake_case, nulls omitted. Request bodies are read as trees and checked field by
 * field ({@link Body}), so a wrong field gets a message naming it instead of a Jackson trace.
 */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper()
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private Json() {}

  public static byte[] bytes(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("response not serialisable: " + e.getMessage(), e);
    }
  }

  public static String string(Object value) {
    return new String(bytes(value), java.nio.charset.StandardCharsets.UTF_8);
  }

  public static HttpResponse ok(Object value) {
    return response(StatusCodes.OK, value);
  }

  public static HttpResponse response(StatusCode status, Object value) {
    return HttpResponse.create()
        .withStatus(status)
        .withEntity(ContentTypes.APPLICATION_JSON, bytes(value));
  }

  public static HttpResponse error(ErrorCode code, String message) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("error", code.code());
    n.put("message", message);
    return response(StatusCodes.get(code.status()), n);
  }

  public static JsonNode tree(byte[] body) {
    if (body.length == 0) {
      throw new ApiException(ErrorCode.BAD_JSON, "request body is empty; expected a JSON object");
    }
    try {
      JsonNode n = MAPPER.readTree(body);
      if (n == null || !n.isObject()) {
        throw new ApiException(ErrorCode.BAD_JSON, "request body must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      String where =
          e.getLocation() == null
              ? ""
              : " at line "
                  + e.getLocation().getLineNr()
                  + ", column "
                  + e.getLocation().getColumnNr();
      throw new ApiException(
          ErrorCode.BAD_JSON, "request body is not valid JSON: " + e.getOriginalMessage() + where);
    } catch (java.io.IOException e) {
      throw new ApiException(ErrorCode.BAD_JSON, "request body is not readable: " + e.getMessage());
    }
  }
}
