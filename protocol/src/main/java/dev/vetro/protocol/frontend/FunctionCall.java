package dev.vetro.protocol.frontend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/**
 * Fast-path call of a function by OID, bypassing SQL entirely; a firewall must judge it too. A null
 * argument is SQL NULL.
 */
public record FunctionCall(
    int functionOid, List<Short> argumentFormats, List<ByteString> arguments, short resultFormat)
    implements FrontendMessage {
  public static final byte TYPE = 'F';

  public FunctionCall {
    argumentFormats = List.copyOf(argumentFormats);
    arguments =
        Collections.unmodifiableList(
            new ArrayList<>(Objects.requireNonNull(arguments, "arguments")));
  }

  public static FunctionCall decode(ByteString payload) {
    PayloadReader r = new PayloadReader("FunctionCall", payload);
    int oid = r.int32();
    List<Short> formats = Bind.readFormats(r);
    int n = r.uint16();
    List<ByteString> args = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      args.add(r.nullableBytes());
    }
    short resultFormat = r.int16();
    r.end();
    return new FunctionCall(oid, formats, args, resultFormat);
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    WireWriter w =
        new WireWriter().int32(functionOid).int16s(argumentFormats).int16(arguments.size());
    for (ByteString a : arguments) {
      w.nullableBytes(a);
    }
    return w.int16(resultFormat).message(TYPE);
  }
}
