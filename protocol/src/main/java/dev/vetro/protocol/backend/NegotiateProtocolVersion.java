package dev.vetro.protocol.backend;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/**
 * The server does not support the requested minor version or some "_pq_." startup options: it names
 * the newest minor it supports and the options it ignored.
 */
public record NegotiateProtocolVersion(int newestMinorVersion, List<String> unrecognizedOptions)
    implements BackendMessage {
  public static final byte TYPE = 'v';

  public NegotiateProtocolVersion {
    unrecognizedOptions = List.copyOf(unrecognizedOptions);
  }

  public static NegotiateProtocolVersion decode(ByteString payload) {
    PayloadReader r = new PayloadReader("NegotiateProtocolVersion", payload);
    int minor = r.int32();
    int n = r.int32();
    // Each name takes at least its NUL, so a larger count cannot be honest; checking first keeps
    // a forged count from driving the loop or an allocation.
    if (n < 0 || n > r.remaining()) {
      throw ProtocolException.violation(
          "NegotiateProtocolVersion declares " + n + " options in " + r.remaining() + " bytes");
    }
    List<String> names = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      names.add(r.cstring());
    }
    r.end();
    return new NegotiateProtocolVersion(minor, names);
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    WireWriter w = new WireWriter().int32(newestMinorVersion).int32(unrecognizedOptions.size());
    unrecognizedOptions.forEach(w::cstring);
    return w.message(TYPE);
  }
}
