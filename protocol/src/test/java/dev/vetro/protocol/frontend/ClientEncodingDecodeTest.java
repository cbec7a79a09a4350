package dev.vetro.protocol.frontend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vetro.protocol.ProtocolException;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * The decoders the proxy judges with read strings in the session's client_encoding, as the server
 * does, not as UTF-8.
 */
class ClientEncodingDecodeTest {
  private static final Charset SJIS = Charset.forName("windows-31j");

  private static ByteString cstring(byte[] bytes) {
    return ByteString.fromArray(bytes).concat(ByteString.fromArray(new byte[] {0}));
  }

  @Test
  void queryTextIsReadInTheClientEncodingWhereUtf8WouldRefuseIt() {
    ByteString payload = cstring("SELECT 'caf\u00e9'".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals("SELECT 'caf\u00e9'", Query.decode(payload, StandardCharsets.ISO_8859_1).sql());
    ProtocolException e = assertThrows(ProtocolException.class, () -> Query.decode(payload));
    assertEquals(ProtocolException.INVALID_ENCODING, e.sqlState());
  }

  @Test
  void aSjisTrailByteThatLooksLikeABackslashStaysInsideItsCharacter() {
    // 表 is 0x95 0x5C in SJIS: read as ASCII/UTF-8 the 0x5C would be a backslash escaping the quote
    ByteString payload =
        ByteString.fromString("SELECT E'", StandardCharsets.US_ASCII)
            .concat(ByteString.fromArray(new byte[] {(byte) 0x95, 0x5C}))
            .concat(ByteString.fromString("'; DELETE FROM t", StandardCharsets.US_ASCII))
            .concat(ByteString.fromArray(new byte[] {0}));
    assertEquals("SELECT E'\u8868'; DELETE FROM t", Query.decode(payload, SJIS).sql());
  }

  @Test
  void bytesInvalidInTheClientEncodingBecomeReplacementCharactersNotAnError() {
    ByteString payload = cstring(new byte[] {'a', (byte) 0xFF, 'b'});
    assertEquals("a\uFFFDb", Query.decode(payload, StandardCharsets.UTF_8).sql());
  }

  @Test
  void parseNamesAndTextAreReadInTheClientEncodingAndNoTypesMeansTheEmptyList() {
    ByteString payload =
        cstring("st\u00e9".getBytes(StandardCharsets.ISO_8859_1))
            .concat(cstring("SELECT '\u00e9'".getBytes(StandardCharsets.ISO_8859_1)))
            .concat(ByteString.fromArray(new byte[] {0, 0}));
    Parse parse = Parse.decode(payload, StandardCharsets.ISO_8859_1);
    assertEquals(new Parse("st\u00e9", "SELECT '\u00e9'", List.of()), parse);
    assertSame(List.of(), parse.parameterTypes());
  }

  @Test
  void bindAndCloseNameTheStatementInTheClientEncoding() {
    byte[] name = "st\u00e9".getBytes(StandardCharsets.ISO_8859_1);
    ByteString bind =
        cstring(new byte[0])
            .concat(cstring(name))
            .concat(
                ByteString.createBuilder()
                    .putShort(0, ByteOrder.BIG_ENDIAN)
                    .putShort(1, ByteOrder.BIG_ENDIAN)
                    .putInt(1, ByteOrder.BIG_ENDIAN)
                    .putByte((byte) '7')
                    .putShort(0, ByteOrder.BIG_ENDIAN)
                    .result());
    Bind decoded = Bind.decode(bind, StandardCharsets.ISO_8859_1);
    assertEquals("st\u00e9", decoded.statement());
    assertEquals(List.of(ByteString.fromString("7")), decoded.parameters());
    ByteString close = ByteString.fromArray(new byte[] {'S'}).concat(cstring(name));
    assertEquals(new Close('S', "st\u00e9"), Close.decode(close, StandardCharsets.ISO_8859_1));
  }

  @Test
  void structureIsCheckedAsStrictlyAsInUtf8() {
    assertThrows(
        ProtocolException.class,
        () -> Query.decode(ByteString.fromString("no terminator"), StandardCharsets.ISO_8859_1));
    assertThrows(
        ProtocolException.class,
        () ->
            Query.decode(
                cstring(new byte[] {'a'}).concat(ByteString.fromString("x")),
                StandardCharsets.ISO_8859_1));
  }
}
