package dev.vetro.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vetro.protocol.Segment.Captured;
import dev.vetro.protocol.frontend.FrontendMessage;
import dev.vetro.protocol.frontend.Parse;
import dev.vetro.protocol.frontend.Query;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;

/**
 * Real SQL from PostgreSQL's regression suite (3 statements per parse-node kind, plus every
 * statement with non-ASCII text; see src/test/resources/pg_regress_sample.sql0, NUL-separated)
 * carried in Query and Parse messages, scanned at random chunkings: the text that comes out is the
 * text that went in, byte for byte.
 */
class CorpusSampleTest {

  static List<String> statements() throws IOException {
    try (InputStream in = CorpusSampleTest.class.getResourceAsStream("/pg_regress_sample.sql0")) {
      if (in == null) {
        throw new AssertionError("test resource pg_regress_sample.sql0 is missing");
      }
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      List<String> out = new ArrayList<>(List.of(all.split("\0")));
      assertTrue(out.size() > 300, "sample has only " + out.size() + " statements");
      return out;
    }
  }

  @Test
  void realStatementsSurviveFramingAndDecodingAtRandomChunkings() throws IOException {
    List<FrontendMessage> sent = new ArrayList<>();
    for (String sql : statements()) {
      sent.add(new Query(sql));
      sent.add(new Parse("", sql, List.of()));
    }
    ByteString stream = ByteString.emptyByteString();
    for (FrontendMessage m : sent) {
      stream = stream.concat(m.encode());
    }
    stream = stream.compact();

    Random random = new Random(1);
    for (int round = 0; round < 20; round++) {
      MessageScanner scanner =
          new MessageScanner(Direction.FRONTEND, Set.of((byte) 'Q', (byte) 'P'), 1 << 20);
      List<FrontendMessage> received = new ArrayList<>();
      int pos = 0;
      while (pos < stream.length()) {
        int end = Math.min(stream.length(), pos + 1 + random.nextInt(round < 10 ? 64 : 8192));
        scanner.feed(stream.slice(pos, end), s -> received.add(((Captured) s).decodeFrontend()));
        pos = end;
      }
      scanner.complete();
      assertEquals(sent, received);
    }
  }
}
