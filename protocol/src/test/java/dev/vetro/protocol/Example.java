package dev.vetro.protocol;

import org.apache.pekko.util.ByteString;

/** A message and its wire bytes as written out by hand from the protocol docs. */
public record Example(String name, Object message, ByteString wire) {
  public byte type() {
    return wire.apply(0);
  }

  public ByteString payload() {
    return wire.drop(5);
  }

  @Override
  public String toString() {
    return name;
  }
}
