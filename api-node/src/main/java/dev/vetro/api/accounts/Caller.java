package dev.vetro.api.accounts;

/**
 * Who is calling: a logged-in user (session cookie) or an API key. Both belong to one workspace.
 */
public sealed interface Caller {
  String workspaceId();

  record UserSession(String email, String workspaceId, String sessionHash) implements Caller {}

  record Key(String keyId, String workspaceId, String keyHash) implements Caller {}
}
