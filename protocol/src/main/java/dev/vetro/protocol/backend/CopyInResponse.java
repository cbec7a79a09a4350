package dev.vetro.protocol.backend;

import java.util.List;
import org.apache.pekko.util.ByteString;

/** The server is ready for COPY FROM STDIN data. Format codes: 0 text, 1 binary. */
public record CopyInResponse(byte overallFormat, List<Short> columnFormats)
    implements BackendMessage {
  public static final byte TYPE = 'G';

  public CopyInResponse {
    columnFormats = List.copyOf(columnFormats);
  }

  public static CopyInResponse decode(ByteString payload) {
    CopyFormat.Body b = CopyFormat.decode("CopyInResponse", payload);
    return new CopyInResponse(b.overallFormat(), b.columnFormats());
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
