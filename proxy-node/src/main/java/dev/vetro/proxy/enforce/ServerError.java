package dev.vetro.proxy.enforce;

import java.nio.charset.Charset;
import org.apache.pekko.util.ByteString;

/**
 * The two fields of a server ErrorResponse that decide whether the proxy rewrites it, read in the
 * session's client_encoding (the server writes its messages in it) and leniently: the protocol
 * decoder insists on UTF-8 and would end a LATIN1 session at the first accented error message.
 */
record ServerError(String sqlState, String message) {

  static ServerError read(ByteString payload, Charset charset) {
    String sqlState = null;
    String message = null;
    int at = 0;
    int n = payload.length();
    while (at < n) {
      byte code = payload.apply(at);
      if (code == 0) {
        break;
      }
      int end = payload.indexOf((byte) 0, at + 1);
      if (end < 0) {
        break; // malformed: the client's driver will say so; nothing here to rewrite
      }
      if (code == 'C') {
        sqlState = payload.slice(at + 1, end).decodeString(charset);
      } else if (code == 'M') {
        message = payload.slice(at + 1, end).decodeString(charset);
      }
      at = end + 1;
    }
    return new ServerError(sqlState, message);
  }
}
