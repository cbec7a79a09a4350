package dev.vetro.proxy.enforce;

import dev.vetro.protocol.backend.ErrorResponse;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Names of prepared statements whose Parse was blocked. The sentinel Parse failed, so the statement
 * does not exist upstream: a later Bind or Describe on the name gets PostgreSQL's "prepared
 * statement … does not exist" (26000), which is rewritten into the block's own error, so the client
 * learns why; the backend refuses the Bind itself, no sentinel is needed. An allowed Parse of the
 * same name clears it.
 *
 * <p>Bounded: a client that keeps preparing blocked statements under new names pushes out the
 * oldest; those then get the plain 26000, which is still a correct refusal.
 */
final class BlockedStatements {
  static final int MAX_NAMES = 256;

  /** invalid_sql_statement_name: PostgreSQL's error for a statement name that does not exist. */
  static final String NO_SUCH_STATEMENT = "26000";

  private final Map<String, ErrorResponse> names =
      new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ErrorResponse> eldest) {
          return size() > MAX_NAMES;
        }
      };
  private volatile boolean any;

  synchronized void blocked(String name, ErrorResponse error) {
    names.remove(name); // re-insert as newest
    names.put(name, error);
    any = true;
  }

  /** An allowed Parse under this name: the name is the client's again. */
  void allowed(String name) {
    if (!any) {
      return;
    }
    synchronized (this) {
      names.remove(name);
      any = !names.isEmpty();
    }
  }

  boolean isEmpty() {
    return !any;
  }

  /**
   * The block's error when {@code error} is the backend saying a blocked statement does not exist;
   * null otherwise. PostgreSQL writes {@code prepared statement "NAME" does not exist}, or {@code
   * unnamed prepared statement does not exist} for the unnamed one.
   */
  synchronized ErrorResponse rewrite(ServerError error) {
    if (!NO_SUCH_STATEMENT.equals(error.sqlState()) || error.message() == null) {
      return null;
    }
    String message = error.message();
    int open = message.indexOf('"');
    int close = message.lastIndexOf('"');
    String name = open >= 0 && close > open ? message.substring(open + 1, close) : "";
    return names.get(name);
  }

  synchronized int size() {
    return names.size();
  }
}
