package dev.vetro.proxy.session;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * Per-connection state shared by the stream stages of one session (both directions and the startup
 * phase). Kept small on purpose: thousands of idle sessions each hold one.
 *
 * <p>The frontend and backend stages of a session run in one fused stream island, but the fields
 * they share are volatile anyway: they change a few times per session (auth, transaction status),
 * so the cost is nil and the stream layout stays free to change.
 */
public final class SessionContext {
  private final long id;
  private final ActorRef<SessionActor.Command> actor;
  private final boolean upstreamTls;
  private volatile boolean clientTls;
  private volatile boolean saslOffered;
  private volatile boolean authenticated;
  private volatile char transactionStatus = 'I';
  private volatile boolean standardConformingStrings = true;
  private volatile Charset clientCharset = StandardCharsets.UTF_8;
  private volatile ClientFatal refusal;

  public SessionContext(long id, ActorRef<SessionActor.Command> actor, boolean upstreamTls) {
    this.id = id;
    this.actor = actor;
    this.upstreamTls = upstreamTls;
  }

  public long id() {
    return id;
  }

  /** Lifecycle events only; never per protocol message. */
  public void tell(SessionActor.Command event) {
    actor.tell(event);
  }

  public ActorRef<SessionActor.Command> actor() {
    return actor;
  }

  public boolean upstreamTls() {
    return upstreamTls;
  }

  /** True once the proxy terminated TLS on the client hop. */
  public boolean clientTls() {
    return clientTls;
  }

  public void markClientTls() {
    clientTls = true;
  }

  /** The server sent AuthenticationSASL: the client's next 'p' is a SASLInitialResponse. */
  public boolean saslOffered() {
    return saslOffered;
  }

  public void markSaslOffered() {
    saslOffered = true;
  }

  /** The client answered the SASL offer; later 'p' messages are SASLResponses. */
  public void markSaslStarted() {
    saslOffered = false;
  }

  public boolean authenticated() {
    return authenticated;
  }

  public void markAuthenticated() {
    authenticated = true;
    saslOffered = false;
  }

  /** The last ReadyForQuery status: 'I' idle, 'T' in a transaction, 'E' in a failed one. */
  public char transactionStatus() {
    return transactionStatus;
  }

  public void transactionStatus(char status) {
    transactionStatus = status;
  }

  /** As reported by the server; decides how the SQL lexer reads backslashes in '...' strings. */
  public boolean standardConformingStrings() {
    return standardConformingStrings;
  }

  public void standardConformingStrings(boolean on) {
    standardConformingStrings = on;
  }

  /** As reported by the server (client_encoding); how SQL text from the client is to be read. */
  public Charset clientCharset() {
    return clientCharset;
  }

  public void clientEncoding(String name) {
    clientCharset = ClientEncodings.forName(name);
  }

  /**
   * The connection is over a limit (PROXY_MAX_CLIENT_CONN): its StartupMessage is answered with
   * this FATAL instead of a session, after the SSL negotiation, as PostgreSQL does.
   */
  public void refuse(ClientFatal fatal) {
    refusal = fatal;
  }

  /** Why this connection is refused a session, or null. */
  public ClientFatal refusal() {
    return refusal;
  }
}
