package dev.vetro.protocol.backend;

import static dev.vetro.protocol.Wire.bytes;
import static dev.vetro.protocol.Wire.hex;
import static dev.vetro.protocol.Wire.text;

import dev.vetro.protocol.Example;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** Every backend message type and authentication variant at least once, lengths counted by hand. */
public final class BackendExamples {
  private BackendExamples() {}

  static final ByteString KEY_32 =
      hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

  public static List<Example> all() {
    return List.of(
        new Example(
            "AuthenticationOk",
            AuthenticationOk.INSTANCE,
            bytes(text("R"), "00000008", "00000000")),
        new Example(
            "AuthenticationKerberosV5",
            AuthenticationKerberosV5.INSTANCE,
            bytes(text("R"), "00000008", "00000002")),
        new Example(
            "AuthenticationCleartextPassword",
            AuthenticationCleartextPassword.INSTANCE,
            bytes(text("R"), "00000008", "00000003")),
        new Example(
            "AuthenticationMD5Password",
            new AuthenticationMd5Password(hex("01020304")),
            bytes(text("R"), "0000000c", "00000005", "01020304")),
        new Example(
            "AuthenticationGSS",
            AuthenticationGss.INSTANCE,
            bytes(text("R"), "00000008", "00000007")),
        new Example(
            "AuthenticationGSSContinue",
            new AuthenticationGssContinue(hex("aabb")),
            bytes(text("R"), "0000000a", "00000008", "aabb")),
        new Example(
            "AuthenticationSSPI",
            AuthenticationSspi.INSTANCE,
            bytes(text("R"), "00000008", "00000009")),
        new Example(
            "AuthenticationSASL",
            new AuthenticationSasl(List.of("SCRAM-SHA-256-PLUS", "SCRAM-SHA-256")),
            bytes(
                text("R"),
                "0000002a",
                "0000000a",
                text("SCRAM-SHA-256-PLUS\0SCRAM-SHA-256\0"),
                "00")),
        new Example(
            "AuthenticationSASLContinue",
            new AuthenticationSaslContinue(text("r=abc,s=c2FsdA==,i=4096")),
            bytes(text("R"), "0000001f", "0000000b", text("r=abc,s=c2FsdA==,i=4096"))),
        new Example(
            "AuthenticationSASLFinal",
            new AuthenticationSaslFinal(text("v=c2ln")),
            bytes(text("R"), "0000000e", "0000000c", text("v=c2ln"))),
        new Example(
            "BackendKeyData 3.0",
            new BackendKeyData(1234, hex("deadbeef")),
            bytes(text("K"), "0000000c", "000004d2", "deadbeef")),
        new Example(
            "BackendKeyData 3.2",
            new BackendKeyData(1234, KEY_32),
            bytes(text("K"), "00000028", "000004d2", KEY_32)),
        new Example(
            "ParameterStatus",
            new ParameterStatus("standard_conforming_strings", "on"),
            bytes(text("S"), "00000023", text("standard_conforming_strings\0on\0"))),
        new Example(
            "ReadyForQuery idle", ReadyForQuery.IDLE, bytes(text("Z"), "00000005", text("I"))),
        new Example(
            "ReadyForQuery in transaction",
            ReadyForQuery.IN_TRANSACTION,
            bytes(text("Z"), "00000005", text("T"))),
        new Example(
            "ReadyForQuery failed",
            ReadyForQuery.FAILED_TRANSACTION,
            bytes(text("Z"), "00000005", text("E"))),
        new Example("ParseComplete", ParseComplete.INSTANCE, bytes(text("1"), "00000004")),
        new Example("BindComplete", BindComplete.INSTANCE, bytes(text("2"), "00000004")),
        new Example("CloseComplete", CloseComplete.INSTANCE, bytes(text("3"), "00000004")),
        new Example("NoData", NoData.INSTANCE, bytes(text("n"), "00000004")),
        new Example("PortalSuspended", PortalSuspended.INSTANCE, bytes(text("s"), "00000004")),
        new Example(
            "EmptyQueryResponse", EmptyQueryResponse.INSTANCE, bytes(text("I"), "00000004")),
        new Example(
            "ParameterDescription",
            new ParameterDescription(List.of(23, 25)),
            bytes(text("t"), "0000000e", "0002", "00000017", "00000019")),
        new Example(
            "RowDescription",
            new RowDescription(
                List.of(
                    new RowDescription.Field(
                        "id", 16384, (short) 1, 23, (short) 4, -1, (short) 0))),
            bytes(
                text("T"),
                "0000001b",
                "0001",
                text("id\0"),
                "00004000",
                "0001",
                "00000017",
                "0004",
                "ffffffff",
                "0000")),
        new Example(
            "DataRow",
            new DataRow(Arrays.asList(text("42"), null, ByteString.emptyByteString())),
            bytes(text("D"), "00000014", "0003", "00000002", text("42"), "ffffffff", "00000000")),
        new Example(
            "CommandComplete",
            new CommandComplete("INSERT 0 1"),
            bytes(text("C"), "0000000f", text("INSERT 0 1\0"))),
        new Example(
            "CopyInResponse",
            new CopyInResponse((byte) 0, List.of((short) 0, (short) 0)),
            bytes(text("G"), "0000000b", "00", "0002", "0000", "0000")),
        new Example(
            "CopyOutResponse",
            new CopyOutResponse((byte) 1, List.of((short) 1)),
            bytes(text("H"), "00000009", "01", "0001", "0001")),
        new Example(
            "CopyBothResponse",
            new CopyBothResponse((byte) 0, List.of()),
            bytes(text("W"), "00000007", "00", "0000")),
        new Example("CopyData", new CopyData(hex("0102")), bytes(text("d"), "00000006", "0102")),
        new Example("CopyDone", CopyDone.INSTANCE, bytes(text("c"), "00000004")),
        new Example(
            "ErrorResponse",
            ErrorResponse.of("ERROR", "42501", "blocked by VETRO-001").withHint("ask"),
            bytes(
                text("E"),
                "00000035",
                text("SERROR\0VERROR\0C42501\0Mblocked by VETRO-001\0Hask\0"),
                "00")),
        new Example(
            "NoticeResponse",
            NoticeResponse.of("NOTICE", "00000", "hi"),
            bytes(text("N"), "00000020", text("SNOTICE\0VNOTICE\0C00000\0Mhi\0"), "00")),
        new Example(
            "FunctionCallResponse",
            new FunctionCallResponse(hex("00000001")),
            bytes(text("V"), "0000000c", "00000004", "00000001")),
        new Example(
            "FunctionCallResponse NULL",
            new FunctionCallResponse(null),
            bytes(text("V"), "00000008", "ffffffff")),
        new Example(
            "NegotiateProtocolVersion",
            new NegotiateProtocolVersion(0, List.of("_pq_.foo")),
            bytes(text("v"), "00000015", "00000000", "00000001", text("_pq_.foo\0"))),
        new Example(
            "NotificationResponse",
            new NotificationResponse(77, "ch", "pay"),
            bytes(text("A"), "0000000f", "0000004d", text("ch\0pay\0"))));
  }

  /** All examples back to back, as one server would send them. */
  public static ByteString stream() {
    ByteString s = ByteString.emptyByteString();
    for (Example e : all()) {
      s = s.concat(e.wire());
    }
    return s.compact();
  }
}
