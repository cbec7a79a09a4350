package dev.vetro.protocol.backend;

import dev.vetro.protocol.wire.PayloadReader;
import dev.vetro.protocol.wire.WireWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.pekko.util.ByteString;

/** Describes the columns of the rows that follow. */
public record RowDescription(List<Field> fields) implements BackendMessage {
  public static final byte TYPE = 'T';

  /**
   * One column. {@code tableOid}/{@code columnNumber} are 0 when the column is not a table column;
   * {@code typeSize} is negative for variable-width types; format 0 text, 1 binary.
   */
  public record Field(
      String name,
      int tableOid,
      short columnNumber,
      int typeOid,
      short typeSize,
      int typeModifier,
      short format) {
    public Field {
      Objects.requireNonNull(name, "name");
    }
  }

  public RowDescription {
    fields = List.copyOf(fields);
  }

  public static RowDescription decode(ByteString payload) {
    PayloadReader r = new PayloadReader("RowDescription", payload);
    int n = r.uint16();
    List<Field> fields = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      fields.add(
          new Field(r.cstring(), r.int32(), r.int16(), r.int32(), r.int16(), r.int32(), r.int16()));
    }
    r.end();
    return new RowDescription(fields);
  }

  @Override
  public byte type() {
    return TYPE;
  }

  @Override
  public ByteString encode() {
    WireWriter w = new WireWriter().int16(fields.size());
    for (Field f : fields) {
      w.cstring(f.name())
          .int32(f.tableOid())
          .int16(f.columnNumber())
          .int32(f.typeOid())
          .int16(f.typeSize())
          .int32(f.typeModifier())
          .int16(f.format());
    }
    return w.message(TYPE);
  }
}
