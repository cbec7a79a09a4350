package dev.vetro.protocol.startup;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * The real start of a session: protocol version and name/value parameters. Parameter order is kept
 * so that {@code encode()} reproduces the client's bytes exactly.
 */
public record StartupMessage(int protocolVersion, Map<String, String> parameters)
    implements StartupPacket {
  public static final int PROTOCOL_3_0 = 3 << 16;
  public static final int PROTOCOL_3_2 = (3 << 16) | 2;

  public StartupMessage {
    if ((protocolVersion >>> 16) != 3) {
      throw new IllegalArgumentException(
          "protocol version must be 3.x, got " + versionString(protocolVersion));
    }
    Objects.requireNonNull(parameters, "parameters");
    parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
  }

  static StartupMessage decodeBody(int version, ByteString body) {
    PayloadReader r = new PayloadReader("StartupMessage", body);
    LinkedHashMap<String, String> params = new LinkedHashMap<>();
    while (true) {
      if (r.remaining() == 0) {
        throw ProtocolException.violation(
            "invalid startup packet layout: expected terminator as last byte");
      }
      String name = r.cstring();
      if (name.isEmpty()) {
        break;
      }
      String value = r.cstring();
      // PostgreSQL takes the last "user" but a firewall reading the first would judge another
      // role than the one that logs in: refuse the ambiguity instead of picking a side.
      if (params.putIfAbsent(name, value) != null) {
        throw ProtocolException.violation("startup parameter \"" + name + "\" appears twice");
      }
    }
    r.end();
    return new StartupMessage(version, params);
  }

  public int majorVersion() {
    return protocolVersion >>> 16;
  }

  public int minorVersion() {
    return protocolVersion & 0xFFFF;
  }

  /** The "user" parameter, or null when absent (PostgreSQL then refuses the connection). */
  public String user() {
    return parameters.get("user");
  }

  /** The "database" parameter; like PostgreSQL, defaults to the user name when absent or empty. */
  public String database() {
    String db = parameters.get("database");
    return db == null || db.isEmpty() ? user() : db;
  }

  /**
   * True when PostgreSQL would open a replication session (physical or logical). Anything that is
   * not one of PostgreSQL's spellings of false counts, so an odd spelling can never slip a
   * replication session past a check that asks this.
   */
  public boolean isReplication() {
    String v = parameters.get("replication");
    return v != null && !isFalse(v);
  }

  /** Mirrors parse_bool: case-insensitive prefixes of false/no, "of"/"off", and "0". */
  private static boolean isFalse(String value) {
    String v = value.toLowerCase(Locale.ROOT);
    if (v.isEmpty()) {
      return false;
    }
    return "false".startsWith(v)
        || "no".startsWith(v)
        || v.equals("of")
        || v.equals("off")
        || v.equals("0");
  }

  @Override
  public ByteString encode() {
    WireWriter w = new WireWriter().int32(protocolVersion);
    parameters.forEach((k, v) -> w.cstring(k).cstring(v));
    return w.int8(0).untyped();
  }

  static String versionString(int version) {
    return (version >>> 16) + "." + (version & 0xFFFF);
  }
}
