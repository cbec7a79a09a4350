package dev.vetro.proxy.enforce;

import dev.vetro.proxy.RawClient;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Extended-protocol and fast-path messages for raw-protocol tests (RawClient has the rest). */
final class Wire {
  private Wire() {}

  static byte[] parse(String name, String sql) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    cstring(b, name);
    cstring(b, sql);
    b.write(0);
    b.write(0); // no parameter types
    return RawClient.typed('P', b.toByteArray());
  }

  /** Bind of a statement without parameters to the unnamed portal, text results. */
  static byte[] bind(String statement) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    cstring(b, "");
    cstring(b, statement);
    b.writeBytes(new byte[] {0, 0, 0, 0, 0, 0});
    return RawClient.typed('B', b.toByteArray());
  }

  static byte[] describeStatement(String statement) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write('S');
    cstring(b, statement);
    return RawClient.typed('D', b.toByteArray());
  }

  static byte[] closeStatement(String statement) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write('S');
    cstring(b, statement);
    return RawClient.typed('C', b.toByteArray());
  }

  static byte[] execute() {
    return RawClient.typed('E', new byte[] {0, 0, 0, 0, 0});
  }

  static byte[] sync() {
    return RawClient.typed('S', new byte[0]);
  }

  /** FunctionCall with int4 arguments in binary, binary result. */
  static byte[] functionCall(int oid, int... args) {
    ByteBuffer b = ByteBuffer.allocate(4 + 2 + 2 + 2 + args.length * 8 + 2);
    b.putInt(oid).putShort((short) 1).putShort((short) 1).putShort((short) args.length);
    for (int a : args) {
      b.putInt(4).putInt(a);
    }
    b.putShort((short) 1);
    return RawClient.typed('F', b.array());
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      b.writeBytes(p);
    }
    return b.toByteArray();
  }

  private static void cstring(ByteArrayOutputStream b, String s) {
    b.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    b.write(0);
  }
}
