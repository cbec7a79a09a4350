package dev.vetro.api.accounts;

import dev.vetro.api.keys.Scope;
import java.util.Set;

/**
 * Who is calling: a logged-in user (session cookie) or an API key. Both belong to one workspace. A
 * user may do everything in the workspace; a key what its scopes allow, and only on the databases
 * it names (when it names any).
 */
public sealed interface Caller {
  String workspaceId();

  boolean has(Scope scope);

  /** False for a key limited to other databases. */
  boolean reaches(String databaseId);

  /**
   * Who made a change, as recorded in a database's history: {@code user:<email>} or {@code
   * key:<id>}.
   */
  String actor();

  record UserSession(String email, String workspaceId, String sessionHash) implements Caller {
    @Override
    public boolean has(Scope scope) {
      return true;
    }

    @Override
    public boolean reaches(String databaseId) {
      return true;
    }

    @Override
    public String actor() {
      return "user:" + email;
    }
  }

  /** {@code databaseIds} null: every database of the workspace. */
  record Key(
      String keyId, String workspaceId, String keyHash, Set<Scope> scopes, Set<String> databaseIds)
      implements Caller {
    @Override
    public boolean has(Scope scope) {
      return scopes.contains(scope);
    }

    @Override
    public boolean reaches(String databaseId) {
      return databaseIds == null || databaseIds.contains(databaseId);
    }

    @Override
    public String actor() {
      return "key:" + keyId;
    }
  }
}
