package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** Parameter type OIDs of a described statement (OIDs are unsigned, kept as int bits). */
public record ParameterDescription(List<Integer> typeOids) implements BackendMessage {
  public static final byte TYPE = 't';

  public ParameterDescription {
    typeOids = List.copyOf(typeOids);
  }

  public static ParameterDescription decode(ByteString payload) {
    PayloadReader r = new PayloadReader("ParameterDescription", payload);
    int n = r.uint16();
    List<Integer> oids = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      oids.add(r.int32());
    }
    r.end();
    return new ParameterDescription(oids);
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return new WireWriter().int32s(typeOids).message(TYPE);
  }
}
