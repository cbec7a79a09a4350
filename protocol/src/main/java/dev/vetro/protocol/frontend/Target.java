package dev.vetro.protocol.frontend;

import dev.vetro.protocol.ProtocolException;
import dev.vetro.protocol.wire.TypeBytes;

/** What Describe and Close act on: 'S' a prepared statement, 'P' a portal. */
final class Target {
  private Target() {}

  static char check(String message, byte b) {
    if (b != 'S' && b != 'P') {
      throw ProtocolException.violation(
          message + " target must be 'S' or 'P', got " + TypeBytes.describe(b));
    }
    return (char) b;
  }

  static void require(String message, char target) {
    if (target != 'S' && target != 'P') {
      throw new IllegalArgumentException(
          message + " target must be 'S' or 'P', got '" + target + "'");
    }
  }
}
