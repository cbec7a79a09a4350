package dev.vetro.proxy.policycache;

/** What one look at a policy source found. A failure is a value: the cache keeps what it has. */
public sealed interface FetchOutcome extends CborSerializable {

  /** A policy, already validated by {@code Policy.fromJson}. */
  record Fetched(String policyJson, String etag, String origin) implements FetchOutcome {}

  /** The source still holds the revision the cache has (HTTP 304, unchanged file). */
  record NotModified(String origin) implements FetchOutcome {}

  /** Unreachable, refused or invalid; {@code reason} is the precise sentence for the log. */
  record Failed(String reason) implements FetchOutcome {}
}
