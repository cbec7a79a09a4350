package dev.vetro.proxy.upstream;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.BidiShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * PostgreSQL's in-band TLS upgrade on the client side, placed between the TLS client stage (top)
 * and the TCP connection (bottom): sends SSLRequest, holds the TLS stage's ClientHello back until
 * the server has answered 'S', then becomes a pass-through. 'N' fails the stage with a message the
 * client can act on. Bytes after 'S' but before our ClientHello are refused, as libpq does since
 * CVE-2021-23222 (a man in the middle could otherwise inject a plaintext response).
 *
 * <pre>
 *   in1 (ciphertext from TLS) ─▶ out1 (to network)
 *   out2 (to TLS)             ◀─ in2 (from network)
 * </pre>
 */
final class SslNegotiationStage
    extends GraphStage<BidiShape<ByteString, ByteString, ByteString, ByteString>> {
  /** int32 length 8, int32 code 80877103. */
  static final ByteString SSL_REQUEST =
      ByteString.fromArray(new byte[] {0, 0, 0, 8, 0x04, (byte) 0xd2, 0x16, 0x2f});

  private final Inlet<ByteString> fromTls = Inlet.create("SslNegotiation.fromTls");
  private final Outlet<ByteString> toNet = Outlet.create("SslNegotiation.toNet");
  private final Inlet<ByteString> fromNet = Inlet.create("SslNegotiation.fromNet");
  private final Outlet<ByteString> toTls = Outlet.create("SslNegotiation.toTls");
  private final BidiShape<ByteString, ByteString, ByteString, ByteString> shape =
      new BidiShape<>(fromTls, toNet, fromNet, toTls);
  private final String address;

  SslNegotiationStage(String address) {
    this.address = address;
  }

  @Override
  public BidiShape<ByteString, ByteString, ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private boolean requestSent;
      private boolean accepted;

      @Override
      public void preStart() {
        pull(fromNet); // the answer is awaited whether or not TLS wants bytes yet
      }

      {
        setHandler(
            toNet,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                if (!requestSent) {
                  requestSent = true;
                  push(toNet, SSL_REQUEST);
                } else if (accepted && !hasBeenPulled(fromTls)) {
                  pull(fromTls);
                }
              }
            });
        setHandler(
            fromTls,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                push(toNet, grab(fromTls));
              }

              @Override
              public void onUpstreamFinish() {
                complete(toNet); // the server's last words may still be on their way to TLS
              }
            });
        setHandler(
            fromNet,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                ByteString chunk = grab(fromNet);
                if (accepted) {
                  push(toTls, chunk);
                } else {
                  answer(chunk);
                }
              }

              @Override
              public void onUpstreamFinish() {
                if (!accepted) {
                  failStage(
                      UpstreamFailure.tlsNegotiation(
                          address,
                          "the server closed the connection" + " instead of answering SSLRequest"));
                } else {
                  completeStage();
                }
              }
            });
        setHandler(
            toTls,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                if (accepted && !hasBeenPulled(fromNet)) {
                  pull(fromNet);
                }
              }
            });
      }

      private void answer(ByteString chunk) {
        if (chunk.isEmpty()) {
          pull(fromNet);
          return;
        }
        byte reply = chunk.apply(0);
        if (reply == 'S') {
          if (chunk.length() > 1) {
            failStage(
                UpstreamFailure.tlsNegotiation(
                    address,
                    "the server sent "
                        + (chunk.length() - 1)
                        + " unencrypted bytes after accepting SSLRequest (possible man-in-the-middle)"));
            return;
          }
          accepted = true;
          if (isAvailable(toNet)) {
            pull(fromTls);
          }
          if (isAvailable(toTls)) {
            pull(fromNet);
          }
        } else if (reply == 'N') {
          failStage(UpstreamFailure.tlsRefused(address));
        } else if (reply == 'E') {
          failStage(
              UpstreamFailure.tlsNegotiation(
                  address,
                  "the server answered SSLRequest with an"
                      + " error (it may be overloaded or too old)"));
        } else {
          failStage(
              UpstreamFailure.tlsNegotiation(
                  address,
                  String.format(
                      "the server answered SSLRequest with byte 0x%02x instead of 'S' or 'N'",
                      reply & 0xff)));
        }
      }
    };
  }
}
