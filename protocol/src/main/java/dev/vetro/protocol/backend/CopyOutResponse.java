package dev.vetro.protocol.backend;

import java.util.List;
import org.apache.pekko.util.ByteString;

/** COPY TO STDOUT data follows. Format codes: 0 text, 1 binary. */
public record CopyOutResponse(byte overallFormat, List<Short> columnFormats)
    implements BackendMessage {
  public static final byte TYPE = 'H';

  public CopyOutResponse {
    columnFormats = List.copyOf(columnFormats);
  }

  public static CopyOutResponse decode(ByteString payload) {
    CopyFormat.Body b = CopyFormat.decode("CopyOutResponse", payload);
    return new CopyOutResponse(b.overallFormat(), b.columnFormats());
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
