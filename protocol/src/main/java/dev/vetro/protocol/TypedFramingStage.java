package dev.vetro.protocol;

import java.util.ArrayDeque;
import java.util.function.Supplier;
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
 * Feeds chunks to a scanner and emits its segments one per pull. Upstream is pulled only when the
 * queue is empty, so the queue never holds more than one chunk's segments. A fault found mid-chunk
 * is raised after the segments before it have been delivered, so what the peer sent up to the fault
 * is handled the same however TCP split it.
 */
final class TypedFramingStage extends GraphStage<FlowShape<ByteString, Segment>> {
  private final Inlet<ByteString> in = Inlet.create("TypedFraming.in");
  private final Outlet<Segment> out = Outlet.create("TypedFraming.out");
  private final FlowShape<ByteString, Segment> shape = FlowShape.of(in, out);
  private final Supplier<MessageScanner> scanners;

  TypedFramingStage(Supplier<MessageScanner> scanners) {
    this.scanners = scanners;
  }

  @Override
  public FlowShape<ByteString, Segment> shape() {
    return shape;
  }

  @Override
  public GraphStageLogic createLogic(Attributes inheritedAttributes) {
    return new Logic(scanners.get());
  }

  private final class Logic extends GraphStageLogic {
    private final MessageScanner scanner;
    private final ArrayDeque<Segment> queue = new ArrayDeque<>();
    private ProtocolException pendingFailure;
    private boolean upstreamDone;

    Logic(MessageScanner scanner) {
      super(shape);
      this.scanner = scanner;
      setHandler(
          in,
          new AbstractInHandler() {
            @Override
            public void onPush() {
              try {
                scanner.feed(grab(in), queue::add);
              } catch (ProtocolException e) {
                pendingFailure = e;
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

    private void progress() {
      if (!queue.isEmpty()) {
        if (isAvailable(out)) {
          push(out, queue.poll());
        }
        if (!queue.isEmpty()) {
          return;
        }
      }
      if (pendingFailure != null) {
        failStage(pendingFailure);
      } else if (upstreamDone) {
        try {
          scanner.complete();
          completeStage();
        } catch (ProtocolException e) {
          failStage(e);
        }
      } else if (isAvailable(out) && !hasBeenPulled(in)) {
        pull(in);
      }
    }
  }
}
