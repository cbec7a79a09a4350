package dev.vetro.protocol.wire;

/** Renders a type or code byte for error messages: 'Q' when printable, 0x00 otherwise. */
public final class TypeBytes {
  private TypeBytes() {}

  public static String describe(byte b) {
    int c = b & 0xFF;
    if (c > 0x20 && c < 0x7F) {
      return "'" + (char) c + "'";
    }
    return String.format("0x%02x", c);
  }
}
