package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** The shared body of CopyIn/CopyOut/CopyBothResponse: overall format, then per-column formats. */
final class CopyFormat {
  private CopyFormat() {}

  record Body(byte overallFormat, List<Short> columnFormats) {}

  static Body decode(String what, ByteString payload) {
    PayloadReader r = new PayloadReader(what, payload);
    byte overall = r.int8();
    int n = r.uint16();
    List<Short> formats = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      formats.add(r.int16());
    }
    r.end();
    return new Body(overall, formats);
  }

  static ByteString encode(byte type, byte overallFormat, List<Short> columnFormats) {
    return new WireWriter().int8(overallFormat).int16s(columnFormats).message(type);
  }
}
