package dev.vetro.protocol.frontend;

import static dev.vetro.protocol.Wire.bytes;
import static dev.vetro.protocol.Wire.hex;
import static dev.vetro.protocol.Wire.text;

import dev.vetro.protocol.Example;
import java.util.Arrays;
import java.util.List;
import org.apache.pekko.util.ByteString;

/** Every frontend message type at least once, lengths counted by hand. */
public final class FrontendExamples {
  private FrontendExamples() {}

  public static List<Example> all() {
    return List.of(
        new Example(
            "Query", new Query("SELECT 1"), bytes(text("Q"), "0000000d", text("SELECT 1\0"))),
        new Example(
            "Query with UTF-8",
            new Query("SELECT 'é'"),
            bytes(text("Q"), "00000010", text("SELECT 'é'\0"))),
        new Example(
            "Parse named with a type",
            new Parse("s1", "SELECT $1", List.of(23)),
            bytes(text("P"), "00000017", text("s1\0SELECT $1\0"), "0001", "00000017")),
        new Example(
            "Parse unnamed",
            new Parse("", "BEGIN", List.of()),
            bytes(text("P"), "0000000d", "00", text("BEGIN\0"), "0000")),
        new Example(
            "Bind with NULL",
            new Bind(
                "p1",
                "s1",
                List.of((short) 1),
                Arrays.asList(hex("0000002a"), null),
                List.of((short) 0, (short) 1)),
            bytes(
                text("B"),
                "00000022",
                text("p1\0s1\0"),
                "0001 0001",
                "0002",
                "00000004 0000002a",
                "ffffffff",
                "0002 0000 0001")),
        new Example(
            "Bind empty",
            new Bind("", "", List.of(), List.of(), List.of()),
            bytes(text("B"), "0000000c", "00 00", "0000 0000 0000")),
        new Example(
            "Describe statement",
            new Describe('S', "s1"),
            bytes(text("D"), "00000008", text("Ss1\0"))),
        new Example(
            "Describe unnamed portal",
            new Describe('P', ""),
            bytes(text("D"), "00000006", text("P"), "00")),
        new Example(
            "Execute unnamed", new Execute("", 0), bytes(text("E"), "00000009", "00", "00000000")),
        new Example(
            "Execute limited",
            new Execute("p1", 100),
            bytes(text("E"), "0000000b", text("p1\0"), "00000064")),
        new Example("Sync", Sync.INSTANCE, bytes(text("S"), "00000004")),
        new Example("Flush", Flush.INSTANCE, bytes(text("H"), "00000004")),
        new Example(
            "Close portal", new Close('P', "p1"), bytes(text("C"), "00000008", text("Pp1\0"))),
        new Example(
            "CopyData",
            new CopyData(text("1\tabc\n")),
            bytes(text("d"), "0000000a", text("1\tabc\n"))),
        new Example("CopyDone", CopyDone.INSTANCE, bytes(text("c"), "00000004")),
        new Example(
            "CopyFail", new CopyFail("aborted"), bytes(text("f"), "0000000c", text("aborted\0"))),
        new Example(
            "FunctionCall",
            new FunctionCall(
                1598, List.of((short) 1), Arrays.asList(hex("00000001"), null), (short) 1),
            bytes(
                text("F"),
                "0000001c",
                "0000063e",
                "0001 0001",
                "0002",
                "00000004 00000001",
                "ffffffff",
                "0001")),
        new Example(
            "PasswordMessage",
            PasswordMessage.ofPassword("md5abc"),
            bytes(text("p"), "0000000b", text("md5abc\0"))),
        new Example(
            "PasswordMessage carrying SASLInitialResponse",
            new PasswordMessage(bytes(text("SCRAM-SHA-256\0"), "0000000b", text("n,,n=,r=abc"))),
            bytes(text("p"), "00000021", text("SCRAM-SHA-256\0"), "0000000b", text("n,,n=,r=abc"))),
        new Example("Terminate", Terminate.INSTANCE, bytes(text("X"), "00000004")));
  }

  /** All examples back to back, as one client would send them. */
  public static ByteString stream() {
    ByteString s = ByteString.emptyByteString();
    for (Example e : all()) {
      s = s.concat(e.wire());
    }
    return s.compact();
  }
}
