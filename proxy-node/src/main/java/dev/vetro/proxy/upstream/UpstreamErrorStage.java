package dev.vetro.proxy.upstream;

import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/**
 * Turns transport exceptions of the upstream hop into {@link UpstreamFailure}s with a message for
 * the client. Whether anything arrived yet decides between "cannot reach" and "broke": Pekko's TCP
 * exceptions carry no type for that, and a refused connect never delivers a byte.
 */
final class UpstreamErrorStage extends GraphStage<FlowShape<ByteString, ByteString>> {
  private final Inlet<ByteString> in = Inlet.create("UpstreamErrors.in");
  private final Outlet<ByteString> out = Outlet.create("UpstreamErrors.out");
  private final FlowShape<ByteString, ByteString> shape = FlowShape.of(in, out);
  private final String address;

  UpstreamErrorStage(String address) {
    this.address = address;
  }

  @Override
  public FlowShape<ByteString, ByteString> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes attributes) {
    return new GraphStageLogic(shape) {
      private boolean received;

      {
        setHandler(
            in,
            new AbstractInHandler() {
              @Override
              public void onPush() {
                received = true;
                push(out, grab(in));
              }

              @Override
              public void onUpstreamFailure(Throwable ex) {
                failStage(UpstreamFailure.translate(address, ex, received));
              }
            });
        setHandler(
            out,
            new AbstractOutHandler() {
              @Override
              public void onPull() {
                pull(in);
              }
            });
      }
    };
  }
}
