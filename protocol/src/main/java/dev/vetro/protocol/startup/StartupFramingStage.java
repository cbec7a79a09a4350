package dev.vetro.protocol.startup;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.startup.StartupFraming.Bytes;
import dev.vetro.protocol.startup.StartupFraming.Out;
import dev.vetro.protocol.startup.StartupFraming.Packet;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.GraphStage;
import org.apache.pekko.stream.stage.GraphStageLogic;
import org.apache.pekko.util.ByteString;

/** Two states: collecting the packet (bounded by maxLength), then pass-through. */
final class StartupFramingStage extends GraphStage<FlowShape<ByteString, Out>> {
  private final Inlet<ByteString> in = Inlet.create("StartupFraming.in");
  private final Outlet<Out> out = Outlet.create("StartupFraming.out");
  private final FlowShape<ByteString, Out> shape = FlowShape.of(in, out);
  private final int maxLength;

  StartupFramingStage(int maxLength) {
    this.maxLength = maxLength;
  }

  @Override
  public FlowShape<ByteString, Out> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic();
  }

  private final class Logic extends GraphStageLogic {
    private ByteString buffer = ByteString.emptyByteString();
    private boolean framed;
    private boolean upstreamDone;

    /** At most two elements (the packet and the bytes after it), so this never grows. */
    private final ArrayDeque<Out> queue = new ArrayDeque<>(2);

    Logic() {
      super(shape);
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              ByteString chunk = grab(in);
              if (framed) {
                queue.add(new Bytes(chunk));
              } else {
                buffer = buffer.concat(chunk);
                try {
                  tryFrame();
                } catch (ProtocolException e) {
                  failStage(e);
                  return;
                }
              }
              progress();
            }

            @Override
            public void onUpstreamFinish() {
              upstreamDone = true;
              progress();
            }
          });
      setHandler(
          out,
          new AbstractOutHandler() {
            @Override
            public void onPull() {
              progress();
            }
          });
    }

    private void tryFrame() {
      if (buffer.length() < 4) {
        return;
      }
      int length = buffer.take(4).asByteBuffer().order(ByteOrder.BIG_ENDIAN).getInt();
      // Checked before waiting for the body, so a bogus length can never make us buffer more.
      StartupPacket.checkLength(length, maxLength);
      if (buffer.length() < length) {
        return;
      }
      StartupPacket packet = StartupPacket.decode(buffer.take(length), maxLength);
      ByteString rest = buffer.drop(length);
      buffer = ByteString.emptyByteString();
      framed = true;
      queue.add(new Packet(packet, !rest.isEmpty()));
      if (!rest.isEmpty()) {
        queue.add(new Bytes(rest));
      }
    }

    private void progress() {
      if (!queue.isEmpty()) {
        if (isAvailable(out)) {
          push(out, queue.poll());
        }
        if (!queue.isEmpty()) {
          return;
        }
      }
      if (upstreamDone) {
        if (!framed && !buffer.isEmpty()) {
          failStage(
              ProtocolException.violation(
                  "connection closed in the middle of a startup packet ("
                      + buffer.length()
                      + " bytes received)"));
        } else {
          completeStage();
        }
        return;
      }
      if (isAvailable(out) && !hasBeenPulled(in)) {
        pull(in);
      }
    }
  }
}
