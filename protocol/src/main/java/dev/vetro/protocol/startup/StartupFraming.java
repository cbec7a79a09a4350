package dev.vetro.protocol.startup;

import java.util.Objects;
import org.apache.pekko.NotUsed;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.util.ByteString;

/**
 * Frames the first packet of a connection, then gets out of the way. After an SSLRequest the proxy
 * swaps in TLS, so everything after the packet must reach it untouched and unframed; the flag on
 * {@link Packet} tells it whether plaintext arrived early (CVE-2021-23214 style injection: bytes
 * sent before the TLS handshake must be rejected, not fed into the session).
 *
 * <p>Intended use: {@code .via(StartupFraming.flow(max)).flatMapPrefix(1, prefix -> ...)}.
 */
public final class StartupFraming {
  private StartupFraming() {}

  public sealed interface Out permits Packet, Bytes {}

  /** Always the first element. */
  public record Packet(StartupPacket packet, boolean moreBytesBuffered) implements Out {
    public Packet {
      Objects.requireNonNull(packet, "packet");
    }
  }

  /** Every later element: the rest of the stream, as it arrived. */
  public record Bytes(ByteString bytes) implements Out {
    public Bytes {
      Objects.requireNonNull(bytes, "bytes");
    }
  }

  /**
   * @param maxLength largest startup packet accepted (PostgreSQL: {@link StartupPacket#MAX_LENGTH})
   */
  public static Flow<ByteString, Out, NotUsed> flow(int maxLength) {
    if (maxLength < StartupPacket.MIN_LENGTH) {
      throw new IllegalArgumentException(
          "maxLength " + maxLength + " is below " + StartupPacket.MIN_LENGTH);
    }
    return Flow.fromGraph(new StartupFramingStage(maxLength));
  }
}
