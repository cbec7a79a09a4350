package dev.vetro.protocol.backend;

import static dev.vetro.protocol.Wire.bytes;
import static dev.vetro.protocol.Wire.hex;
import static dev.vetro.protocol.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vetro.protocol.Example;
import dev.vetro.protocol.ProtocolException;
import java.util.List;
import java.util.Random;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class BackendCodecTest {

  static List<Example> examples() {
    return BackendExamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void encodesToTheBytesOfTheSpec(Example ex) {
    assertEquals(ex.wire(), ((BackendMessage) ex.message()).encode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void decodesTheBytesOfTheSpecToTheRecord(Example ex) {
    BackendMessage decoded = BackendCodec.decode(ex.type(), ex.payload());
    assertEquals(ex.message(), decoded);
    assertEquals(ex.type(), decoded.type());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void roundTripsThroughEncode(Example ex) {
    BackendMessage m = (BackendMessage) ex.message();
    ByteString wire = m.encode();
    assertEquals(m, BackendCodec.decode(wire.apply(0), wire.drop(5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyTruncationIsAProtocolExceptionOrAValidShorterMessage(Example ex) {
    ByteString payload = ex.payload();
    for (int k = 0; k < payload.length(); k++) {
      ByteString cut = payload.take(k);
      try {
        BackendMessage m = BackendCodec.decode(ex.type(), cut);
        assertEquals(cut, m.encode().drop(5), ex.name() + " cut at " + k);
      } catch (ProtocolException expected) {
        assertEquals("08P01", expected.sqlState());
      }
    }
  }

  @Test
  void randomPayloadsNeverEscapeAsOtherExceptions() {
    Random random = new Random(7);
    for (byte type : "RK23CdcGHWDIEVvnNAtS1sZT".getBytes()) {
      for (int i = 0; i < 2000; i++) {
        byte[] b = new byte[random.nextInt(24)];
        random.nextBytes(b);
        if (type == 'R' && b.length >= 4 && random.nextBoolean()) {
          b[0] = 0;
          b[1] = 0;
          b[2] = 0;
          b[3] = (byte) random.nextInt(13);
        }
        try {
          BackendCodec.decode(type, ByteString.fromArray(b));
        } catch (ProtocolException expected) {
          // the only acceptable failure
        }
      }
    }
  }

  @Test
  void unknownTypeIsAProtocolViolation() {
    assertEquals(
        "unknown backend message type 'Q'",
        assertThrows(
                ProtocolException.class,
                () -> BackendCodec.decode((byte) 'Q', ByteString.emptyByteString()))
            .getMessage());
  }

  @Test
  void malformedFieldsAreNamedPrecisely() {
    assertEquals(
        "unknown authentication request code 99",
        assertThrows(
                ProtocolException.class, () -> BackendCodec.decode((byte) 'R', hex("00000063")))
            .getMessage());
    assertEquals(
        "ReadyForQuery has unknown transaction status 'Q'",
        assertThrows(ProtocolException.class, () -> ReadyForQuery.decode(text("Q"))).getMessage());
    assertEquals(
        "BackendKeyData secret key must be 4 to 256 bytes, got 3",
        assertThrows(ProtocolException.class, () -> BackendKeyData.decode(hex("00000001 aabbcc")))
            .getMessage());
    assertEquals(
        "NegotiateProtocolVersion declares 2147483647 options in 2 bytes",
        assertThrows(
                ProtocolException.class,
                () -> NegotiateProtocolVersion.decode(hex("00000000 7fffffff 4100")))
            .getMessage());
    assertEquals(
        "ErrorResponse repeats field 'S'",
        assertThrows(
                ProtocolException.class, () -> ErrorResponse.decode(bytes(text("Sa\0Sb\0"), "00")))
            .getMessage());
    assertEquals(
        "Authentication is truncated: needs 4 byte(s) at offset 4 but only 2 remain",
        assertThrows(ProtocolException.class, () -> Authentication.decode(hex("00000005 0102")))
            .getMessage());
  }

  @Test
  void errorResponseHasAccessorsAndKeepsFieldOrder() {
    ErrorResponse e =
        ErrorResponse.of("ERROR", "42501", "blocked")
            .withDetail("rule VETRO-001")
            .withHint("use a WHERE clause");
    assertEquals("ERROR", e.severity());
    assertEquals("42501", e.sqlState());
    assertEquals("blocked", e.message());
    assertEquals("rule VETRO-001", e.detail());
    assertEquals("use a WHERE clause", e.hint());
    assertEquals(List.of('S', 'V', 'C', 'M', 'D', 'H'), List.copyOf(e.fields().keySet()));
    assertNull(ErrorResponse.of("ERROR", "1", "m").detail());
    // A localized server sends S in its language; V stays English, so logic reads V.
    ErrorResponse localized =
        ErrorResponse.decode(bytes(text("SFEHLER\0VERROR\0C42501\0Mx\0"), "00"));
    assertEquals("ERROR", localized.severity());
    ErrorResponse old = ErrorResponse.decode(bytes(text("SERROR\0C42501\0Mx\0"), "00"));
    assertEquals("ERROR", old.severity());
  }

  @Test
  void relayedErrorsReencodeByteForByteWhateverTheFieldOrder() {
    ByteString wire = bytes(text("E"), "00000021", text("C42P01\0Mno table\0SERROR\0P15\0"), "00");
    ErrorResponse e = (ErrorResponse) BackendCodec.decode(wire.apply(0), wire.drop(5));
    assertEquals(wire, e.encode());
  }
}
