package dev.vetro.cluster;

/** A cluster environment variable has a value the node cannot use; the message names it. */
public final class ClusterConfigException extends IllegalArgumentException {
  public ClusterConfigException(String message) {
    super(message);
  }
}
