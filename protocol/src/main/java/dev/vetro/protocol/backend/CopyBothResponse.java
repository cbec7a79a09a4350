package dev.vetro.protocol.backend;

import java.util.List;
import org.apache.pekko.util.ByteString;

/** Streaming replication: COPY data flows both ways. Format codes: 0 text, 1 binary. */
public record CopyBothResponse(byte overallFormat, List<Short> columnFormats)
    implements BackendMessage {
  public static final byte TYPE = 'W';

  public CopyBothResponse {
    columnFormats = List.copyOf(columnFormats);
  }

  public static CopyBothResponse decode(ByteString payload) {
    CopyFormat.Body b = CopyFormat.decode("CopyBothResponse", payload);
    return new CopyBothResponse(b.overallFormat(), b.columnFormats());
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    return CopyFormat.encode(TYPE, overallFormat, columnFormats);
  }
}
