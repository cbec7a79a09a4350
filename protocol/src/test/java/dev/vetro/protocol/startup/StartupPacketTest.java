package dev.vetro.protocol.startup;

import static dev.vetro.protocol.Wire.bytes;
import static dev.vetro.protocol.Wire.hex;
import static dev.vetro.protocol.Wire.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.ProtocolException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

class StartupPacketTest {

  static Map<String, String> params(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  static final ByteString STARTUP_3_0 =
      bytes("00000022", "00030000", text("user\0alice\0database\0shop\0"), "00");

  /** Every packet kind with its bytes written out from the protocol docs. */
  static List<Object[]> examples() {
    return List.of(
        new Object[] {SslRequest.INSTANCE, bytes("00000008", "04d2162f")},
        new Object[] {GssEncRequest.INSTANCE, bytes("00000008", "04d21630")},
        new Object[] {
          new CancelRequest(4242, hex("deadbeef")),
          bytes("00000010", "04d2162e", "00001092", "deadbeef")
        },
        new Object[] {
          new CancelRequest(
              7, hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")),
          bytes(
              "0000002c",
              "04d2162e",
              "00000007",
              "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff")
        },
        new Object[] {
          new StartupMessage(
              StartupMessage.PROTOCOL_3_0, params("user", "alice", "database", "shop")),
          STARTUP_3_0
        },
        new Object[] {
          new StartupMessage(StartupMessage.PROTOCOL_3_2, params("user", "bob")),
          bytes("00000012", "00030002", text("user\0bob\0"), "00")
        });
  }

  @Test
  void eachPacketEncodesToTheBytesOfTheSpecAndDecodesBack() {
    for (Object[] ex : examples()) {
      StartupPacket packet = (StartupPacket) ex[0];
      ByteString wire = (ByteString) ex[1];
      assertEquals(wire, packet.encode(), packet.toString());
      assertEquals(packet, StartupPacket.decode(wire), packet.toString());
      assertEquals(packet, StartupPacket.decode(packet.encode()));
    }
  }

  @Test
  void startupParametersKeepTheClientsOrderSoEncodeIsByteExact() {
    ByteString wire =
        bytes(
            "00000038",
            "00030000",
            text("database\0shop\0application_name\0psql\0user\0alice\0"),
            "00");
    StartupMessage m = (StartupMessage) StartupPacket.decode(wire);
    assertEquals(
        List.of("database", "application_name", "user"), List.copyOf(m.parameters().keySet()));
    assertEquals(wire, m.encode());
  }

  @Test
  void anyProtocol3MinorIsAcceptedBecauseTheServerNegotiatesIt() {
    ByteString wire = bytes("00000012", "00030063", text("user\0bob\0"), "00");
    StartupMessage m = (StartupMessage) StartupPacket.decode(wire);
    assertEquals(3, m.majorVersion());
    assertEquals(99, m.minorVersion());
  }

  @Test
  void userAndDatabaseHelpersFollowPostgresDefaults() {
    StartupMessage both =
        new StartupMessage(
            StartupMessage.PROTOCOL_3_0, params("user", "alice", "database", "shop"));
    assertEquals("alice", both.user());
    assertEquals("shop", both.database());
    StartupMessage userOnly =
        new StartupMessage(StartupMessage.PROTOCOL_3_0, params("user", "alice"));
    assertEquals("alice", userOnly.database());
    assertNull(new StartupMessage(StartupMessage.PROTOCOL_3_0, params()).user());
  }

  @Test
  void replicationIsDetectedForEverySpellingThatIsNotFalse() {
    for (String on : List.of("true", "on", "yes", "1", "database", "TRUE", "t", "y", "bogus")) {
      assertTrue(
          new StartupMessage(StartupMessage.PROTOCOL_3_0, params("user", "u", "replication", on))
              .isReplication(),
          on);
    }
    for (String off : List.of("false", "off", "no", "0", "f", "n", "OFF", "fal")) {
      assertFalse(
          new StartupMessage(StartupMessage.PROTOCOL_3_0, params("user", "u", "replication", off))
              .isReplication(),
          off);
    }
    assertFalse(
        new StartupMessage(StartupMessage.PROTOCOL_3_0, params("user", "u")).isReplication());
  }

  static ProtocolException rejects(ByteString wire) {
    return assertThrows(ProtocolException.class, () -> StartupPacket.decode(wire));
  }

  @Test
  void lengthBelowEightIsAProtocolViolation() {
    ProtocolException e = rejects(bytes("00000007", "000300"));
    assertEquals("08P01", e.sqlState());
    assertEquals("startup packet declares length 7, below the minimum of 8", e.getMessage());
  }

  @Test
  void lengthAboveTenThousandIsAProgramLimit() {
    ProtocolException e = rejects(bytes("00002711", "00030000"));
    assertEquals("54000", e.sqlState());
    assertEquals(
        "startup packet declares length 10001, above the maximum of 10000", e.getMessage());
  }

  @Test
  void unknownCodesAndOldProtocolsAreRejectedPrecisely() {
    ProtocolException unknown = rejects(bytes("00000008", "04d21631"));
    assertEquals("08P01", unknown.sqlState());
    assertEquals("unknown startup request code 1234/5681", unknown.getMessage());
    assertEquals(
        "unknown startup packet code 0x12345678",
        rejects(bytes("00000008", "12345678")).getMessage());
    ProtocolException v2 = rejects(bytes("00000009", "00020000", "00"));
    assertEquals("0A000", v2.sqlState());
    assertTrue(v2.getMessage().startsWith("unsupported frontend protocol 2.0"), v2.getMessage());
  }

  @Test
  void requestsWithABodyAreRejected() {
    assertEquals(
        "SSLRequest declares length 12, expected 8",
        rejects(bytes("0000000c", "04d2162f", "00000000")).getMessage());
    assertEquals(
        "GSSENCRequest declares length 9, expected 8",
        rejects(bytes("00000009", "04d21630", "00")).getMessage());
  }

  @Test
  void cancelKeysOutsideFourTo256BytesAreRejected() {
    assertTrue(
        rejects(bytes("0000000f", "04d2162e", "00000001", "aabbcc"))
            .getMessage()
            .contains("secret key must be 4 to 256 bytes, got 3"));
    ByteString key257 = ByteString.fromArray(new byte[257]);
    assertTrue(
        rejects(bytes(hex("0000010d"), "04d2162e", "00000001", key257))
            .getMessage()
            .contains("got 257"));
    assertTrue(rejects(bytes("0000000a", "04d2162e", "0000")).getMessage().contains("got 0"));
    assertThrows(IllegalArgumentException.class, () -> new CancelRequest(1, hex("aabb")));
  }

  @Test
  void malformedStartupBodiesAreRejected() {
    assertEquals(
        "invalid startup packet layout: expected terminator as last byte",
        rejects(bytes("00000011", "00030000", text("user\0bob\0"))).getMessage());
    assertTrue(
        rejects(bytes("0000000d", "00030000", text("user\0")))
            .getMessage()
            .contains("no NUL terminator"));
    assertTrue(
        rejects(bytes("0000000c", "00030000", text("user")))
            .getMessage()
            .contains("no NUL terminator"));
    assertEquals(
        "StartupMessage has 1 unexpected trailing byte(s) at offset 10",
        rejects(bytes("00000013", "00030000", text("user\0bob\0\0x"))).getMessage());
    assertEquals(
        "startup parameter \"user\" appears twice",
        rejects(bytes("00000017", "00030000", text("user\0a\0user\0b\0"), "00")).getMessage());
    ProtocolException utf8 =
        rejects(bytes("00000010", "00030000", text("user\0"), "ff", "00", "00"));
    assertEquals("22021", utf8.sqlState());
  }

  @Test
  void declaredLengthMustMatchThePacketGiven() {
    assertEquals(
        "startup packet declares length 9 but 8 bytes were given",
        rejects(bytes("00000009", "04d2162f")).getMessage());
    assertEquals(
        "startup packet of 2 bytes is too short to hold its length",
        rejects(hex("0000")).getMessage());
  }

  @Test
  void encodingRefusesNulInsideAParameter() {
    StartupMessage m = new StartupMessage(StartupMessage.PROTOCOL_3_0, params("user", "a\0b"));
    assertThrows(IllegalArgumentException.class, m::encode);
  }
}
