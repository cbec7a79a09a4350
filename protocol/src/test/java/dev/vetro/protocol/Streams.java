package dev.vetro.protocol;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** Runs a flow over a fixed list of chunks; unwraps the stream's failure for assertThrows. */
public final class Streams {
  private Streams() {}

  public static <T> List<T> run(
      ActorSystem system, List<ByteString> chunks, Flow<ByteString, T, ?> flow) {
    try {
      return Source.from(chunks)
          .via(flow)
          .runWith(Sink.seq(), system)
          .toCompletableFuture()
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new AssertionError(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
