package dev.vetro.proxy.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.vetro.protocol.Direction;
import dev.vetro.protocol.MessageScanner;
import dev.vetro.protocol.Segment;
import dev.vetro.proxy.session.SessionContext;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * The relay hands an input chunk on as it is when nothing in it changed. Whatever the cut of the
 * input, what leaves must be exactly the input with the interceptor's replacements.
 */
class RelayOutputTest {
  private static final ByteString REPLACEMENT = ByteString.fromString("<replaced>");

  /** Captures Query and Parse; replaces a Query whose text mentions DROP, passes the rest as is. */
  private static final MessageInterceptor INTERCEPTOR =
      new MessageInterceptor() {
        @Override
        public Set<Byte> capturedTypes() {
          return Set.of((byte) 'Q', (byte) 'P');
        }

        @Override
        public ByteString onMessage(Segment.Captured message, SessionContext session) {
          return message.type() == 'Q' && message.message().utf8String().contains("DROP")
              ? REPLACEMENT
              : message.message();
        }
      };

  private static ByteString message(char type, String payload) {
    byte[] p = payload.getBytes(StandardCharsets.UTF_8);
    return ByteString.createBuilder()
        .putByte((byte) type)
        .putInt(p.length + 4, ByteOrder.BIG_ENDIAN)
        .putBytes(p)
        .result();
  }

  private static final ByteString SELECT = message('Q', "SELECT 1\0");
  private static final ByteString DROP = message('Q', "DROP TABLE t\0");
  private static final ByteString PARSE = message('P', "\0SELECT $1\0\0\0");
  private static final ByteString BIND =
      message('B', "\0\0\0\0\0\0\0\0\0\0".repeat(3)); // streamed, not captured
  private static final ByteString SYNC = message('S', "");

  private static MessageScanner scanner() {
    return MessageInterceptor.scannerFor(Direction.FRONTEND, INTERCEPTOR, 1 << 20);
  }

  /** Feeds the chunks as the relays do and returns what each one became. */
  private static List<ByteString> relay(List<ByteString> chunks) {
    MessageScanner scanner = scanner();
    RelayOutput output = new RelayOutput(INTERCEPTOR, null);
    List<ByteString> out = new ArrayList<>();
    for (ByteString chunk : chunks) {
      out.add(output.relay(scanner, chunk));
    }
    return out;
  }

  private static ByteString join(List<ByteString> parts) {
    ByteString all = ByteString.emptyByteString();
    for (ByteString p : parts) {
      all = all.concat(p);
    }
    return all;
  }

  @Test
  void aChunkOfWholeUnchangedMessagesLeavesAsTheSameInstance() {
    ByteString chunk = SELECT.concat(PARSE).concat(BIND).concat(SYNC).compact();
    List<ByteString> out = relay(List.of(chunk));
    assertSame(chunk, out.get(0));
  }

  @Test
  void aReplacedMessageIsNeverHiddenByThePassThrough() {
    ByteString chunk = SELECT.concat(DROP).concat(SYNC).compact();
    ByteString out = relay(List.of(chunk)).get(0);
    assertNotSame(chunk, out);
    assertEquals(SELECT.concat(REPLACEMENT).concat(SYNC), out);
  }

  @Test
  void everyCutOfTheInputLeavesExactlyTheInputWithReplacements() {
    List<ByteString> messages =
        List.of(SELECT, PARSE, BIND, DROP, SYNC, BIND, SELECT, DROP, PARSE, SYNC);
    ByteString input = join(messages).compact();
    ByteString expected = ByteString.emptyByteString();
    for (ByteString m : messages) {
      expected = expected.concat(m == DROP ? REPLACEMENT : m);
    }
    for (int a = 0; a <= input.length(); a++) {
      for (int b = a; b <= input.length(); b += 3) {
        List<ByteString> chunks =
            List.of(input.slice(0, a), input.slice(a, b), input.slice(b, input.length()));
        assertEquals(expected, join(relay(chunks)), "cut at " + a + " and " + b);
      }
    }
    Random random = new Random(7);
    for (int trial = 0; trial < 500; trial++) {
      List<ByteString> chunks = new ArrayList<>();
      int pos = 0;
      while (pos < input.length()) {
        int next = Math.min(input.length(), pos + 1 + random.nextInt(12));
        chunks.add(input.slice(pos, next));
        pos = next;
      }
      assertEquals(expected, join(relay(chunks)), "random cut, trial " + trial);
    }
  }
}
