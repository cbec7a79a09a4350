package dev.vetro.protocol.backend;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.TypeBytes;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.util.ByteString;

/**
 * The body shared by ErrorResponse and NoticeResponse: (code byte, string) pairs ended by a zero
 * byte. Order is kept so a relayed message is re-encoded byte for byte.
 */
public final class ErrorFields {
  private ErrorFields() {}

  public static final char SEVERITY = 'S';

  /** Severity never localized (PostgreSQL 9.6+); preferred for logic. */
  public static final char SEVERITY_NONLOCALIZED = 'V';

  public static final char SQLSTATE = 'C';
  public static final char MESSAGE = 'M';
  public static final char DETAIL = 'D';
  public static final char HINT = 'H';
  public static final char POSITION = 'P';

  static Map<Character, String> copy(Map<Character, String> fields) {
    LinkedHashMap<Character, String> m = new LinkedHashMap<>(fields);
    for (Map.Entry<Character, String> e : m.entrySet()) {
      char code = e.getKey();
      if (code == 0 || code > 0x7F) {
        throw new IllegalArgumentException(
            "field code must be a non-zero ASCII byte, got " + (int) code);
      }
      if (e.getValue() == null) {
        throw new IllegalArgumentException("field '" + code + "' has a null value");
      }
    }
    return Collections.unmodifiableMap(m);
  }

  static Map<Character, String> decode(String what, ByteString payload) {
    PayloadReader r = new PayloadReader(what, payload);
    LinkedHashMap<Character, String> fields = new LinkedHashMap<>();
    for (byte code = r.int8(); code != 0; code = r.int8()) {
      if (code < 0) {
        throw ProtocolException.violation(
            what + " has non-ASCII field code " + TypeBytes.describe(code));
      }
      if (fields.put((char) code, r.cstring()) != null) {
        throw ProtocolException.violation(what + " repeats field " + TypeBytes.describe(code));
      }
    }
    r.end();
    return fields;
  }

  static ByteString encode(byte type, Map<Character, String> fields) {
    WireWriter w = new WireWriter();
    fields.forEach((code, value) -> w.int8(code).cstring(value));
    return w.int8(0).message(type);
  }

  static Map<Character, String> with(Map<Character, String> fields, char code, String value) {
    LinkedHashMap<Character, String> m = new LinkedHashMap<>(fields);
    m.put(code, value);
    return m;
  }

  static Map<Character, String> basic(String severity, String sqlState, String message) {
    LinkedHashMap<Character, String> m = new LinkedHashMap<>();
    m.put(SEVERITY, severity);
    m.put(SEVERITY_NONLOCALIZED, severity);
    m.put(SQLSTATE, sqlState);
    m.put(MESSAGE, message);
    return m;
  }

  static String severity(Map<Character, String> fields) {
    String v = fields.get(SEVERITY_NONLOCALIZED);
    return v != null ? v : fields.get(SEVERITY);
  }
}
