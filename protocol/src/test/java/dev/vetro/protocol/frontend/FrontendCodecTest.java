package dev.vetro.protocol.frontend;

import static dev.vetro.protocol.Wire.bytes;
import static dev.vetro.protocol.Wire.hex;
import static dev.vetro.protocol.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.Example;
import dev.vetro.protocol.ProtocolException;
import java.util.List;
import java.util.Random;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FrontendCodecTest {

  static List<Example> examples() {
    return FrontendExamples.all();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void encodesToTheBytesOfTheSpec(Example ex) {
    assertEquals(ex.wire(), ((FrontendMessage) ex.message()).encode());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void decodesTheBytesOfTheSpecToTheRecord(Example ex) {
    FrontendMessage decoded = FrontendCodec.decode(ex.type(), ex.payload());
    assertEquals(ex.message(), decoded);
    assertEquals(ex.type(), decoded.type());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void roundTripsThroughEncode(Example ex) {
    FrontendMessage m = (FrontendMessage) ex.message();
    ByteString wire = m.encode();
    assertEquals(m, FrontendCodec.decode(wire.apply(0), wire.drop(5)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyTruncationIsAProtocolExceptionOrAValidShorterMessage(Example ex) {
    ByteString payload = ex.payload();
    for (int k = 0; k < payload.length(); k++) {
      ByteString cut = payload.take(k);
      try {
        FrontendMessage m = FrontendCodec.decode(ex.type(), cut);
        // Opaque payloads (CopyData, 'p') are valid at any length; re-encoding must give the cut
        // back.
        assertEquals(cut, m.encode().drop(5), ex.name() + " cut at " + k);
      } catch (ProtocolException expected) {
        assertEquals("08P01", expected.sqlState());
      }
    }
  }

  @Test
  void randomPayloadsNeverEscapeAsOtherExceptions() {
    Random random = new Random(42);
    for (byte type : "BCdcfDEHFpPQSX".getBytes()) {
      for (int i = 0; i < 2000; i++) {
        byte[] b = new byte[random.nextInt(24)];
        random.nextBytes(b);
        try {
          FrontendCodec.decode(type, ByteString.fromArray(b));
        } catch (ProtocolException expected) {
          // the only acceptable failure
        }
      }
    }
  }

  @Test
  void unknownTypeIsAProtocolViolation() {
    ProtocolException e =
        assertThrows(
            ProtocolException.class,
            () -> FrontendCodec.decode((byte) 'Z', ByteString.emptyByteString()));
    assertEquals("unknown frontend message type 'Z'", e.getMessage());
    assertEquals("08P01", e.sqlState());
  }

  @Test
  void malformedFieldsAreNamedPrecisely() {
    assertEquals(
        "Describe target must be 'S' or 'P', got 'X'",
        assertThrows(ProtocolException.class, () -> Describe.decode(text("Xs1\0"))).getMessage());
    assertEquals(
        "Query: string at offset 0 has no NUL terminator",
        assertThrows(ProtocolException.class, () -> Query.decode(text("SELECT 1"))).getMessage());
    assertEquals(
        "Query has 1 unexpected trailing byte(s) at offset 9",
        assertThrows(ProtocolException.class, () -> Query.decode(text("SELECT 1\0x")))
            .getMessage());
    assertEquals(
        "Sync has 1 unexpected trailing byte(s) at offset 0",
        assertThrows(ProtocolException.class, () -> Sync.decode(hex("00"))).getMessage());
    assertEquals(
        "Bind declares value length -2 at offset 6",
        assertThrows(
                ProtocolException.class, () -> Bind.decode(bytes("00 00 0000 0001 fffffffe 0000")))
            .getMessage());
    assertEquals(
        "Bind is truncated: needs 16 byte(s) at offset 10 but only 2 remain",
        assertThrows(
                ProtocolException.class, () -> Bind.decode(bytes("00 00 0000 0001 00000010 0000")))
            .getMessage());
    ProtocolException utf8 =
        assertThrows(ProtocolException.class, () -> Query.decode(bytes("c328", "00")));
    assertEquals("22021", utf8.sqlState());
  }

  @Test
  void countsAreUnsignedSoSixtyFiveThousandParametersDecode() {
    int n = 65535;
    List<Integer> oids = java.util.Collections.nCopies(n, 23);
    Parse p = new Parse("", "SELECT", oids);
    ByteString wire = p.encode();
    assertEquals(p, FrontendCodec.decode(wire.apply(0), wire.drop(5)));
  }

  @Test
  void saslViewsReadThePasswordMessagePayload() {
    PasswordMessage p =
        (PasswordMessage)
            FrontendExamples.all().stream()
                .filter(e -> e.name().contains("SASLInitialResponse"))
                .findFirst()
                .orElseThrow()
                .message();
    SaslInitialResponse initial = SaslInitialResponse.from(p);
    assertEquals("SCRAM-SHA-256", initial.mechanism());
    assertEquals(text("n,,n=,r=abc"), initial.data());
    assertEquals(p, initial.toPasswordMessage());
    assertEquals(p.encode(), initial.encode());

    SaslInitialResponse none = SaslInitialResponse.decode(bytes(text("X\0"), "ffffffff"));
    assertNull(none.data());
    assertEquals(bytes(text("p"), "0000000a", text("X\0"), "ffffffff"), none.encode());

    SaslResponse next = SaslResponse.from(new PasswordMessage(text("c=biws,r=abc,p=xyz")));
    assertEquals(text("c=biws,r=abc,p=xyz"), next.data());
    assertEquals(bytes(text("p"), "00000016", text("c=biws,r=abc,p=xyz")), next.encode());
    assertEquals("md5abc", PasswordMessage.ofPassword("md5abc").password());
  }

  @Test
  void saslInitialResponseRejectsALengthBeyondThePayload() {
    ProtocolException e =
        assertThrows(
            ProtocolException.class,
            () ->
                SaslInitialResponse.decode(
                    bytes(text("SCRAM-SHA-256\0"), "00000064", text("n,,"))));
    assertTrue(e.getMessage().startsWith("SASLInitialResponse is truncated"), e.getMessage());
  }

  @Test
  void recordsRefuseValuesThatCannotBeEncoded() {
    assertThrows(IllegalArgumentException.class, () -> new Describe('X', "a"));
    assertThrows(IllegalArgumentException.class, () -> new Query("a\0b").encode());
  }
}
