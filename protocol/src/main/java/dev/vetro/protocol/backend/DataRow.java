package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** One result row; a null entry is SQL NULL. Values are slices of the payload, not copies. */
public record DataRow(List<ByteString> values) implements BackendMessage {
  public static final byte TYPE = 'D';

  public DataRow {
    values = Collections.unmodifiableList(new ArrayList<>(values));
  }

  public static DataRow decode(ByteString payload) {
    PayloadReader r = new PayloadReader("DataRow", payload);
    int n = r.uint16();
    List<ByteString> values = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      values.add(r.nullableBytes());
    }
    r.end();
    return new DataRow(values);
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    WireWriter w = new WireWriter().int16(values.size());
    for (ByteString v : values) {
      w.nullableBytes(v);
    }
    return w.message(TYPE);
  }
}
