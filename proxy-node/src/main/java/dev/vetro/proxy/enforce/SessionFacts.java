package dev.vetro.proxy.enforce;

import dev.vetro.protocol.startup.StartupMessage;

/**
 * Who a session is, for role exceptions and decision events: fixed by the StartupMessage, except
 * the client address, which the session actor knows and hands over asynchronously (it only labels
 * events, so an event in the first microseconds of a session may lack it).
 */
public final class SessionFacts {
  private final String sessionId;
  private final String databaseUser;
  private final String database;
  private final String applicationName;
  private volatile String clientAddress;

  public SessionFacts(
      String sessionId, String databaseUser, String database, String applicationName) {
    this.sessionId = sessionId;
    this.databaseUser = databaseUser;
    this.database = database;
    this.applicationName = applicationName;
  }

  public static SessionFacts of(long sessionId, StartupMessage startup) {
    return new SessionFacts(
        Long.toString(sessionId),
        startup.user(),
        startup.database(),
        startup.parameters().get("application_name"));
  }

  public String sessionId() {
    return sessionId;
  }

  public String databaseUser() {
    return databaseUser;
  }

  public String database() {
    return database;
  }

  public String applicationName() {
    return applicationName;
  }

  public String clientAddress() {
    return clientAddress;
  }

  public void clientAddress(String address) {
    clientAddress = address;
  }
}
