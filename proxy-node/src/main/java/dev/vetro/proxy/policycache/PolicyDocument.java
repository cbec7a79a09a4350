package dev.vetro.proxy.policycache;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.Policy;

/**
 * A policy as the cache entity publishes it to every node: the validated JSON, not the compiled
 * form, because only plain data crosses the wire and each node compiles once for itself.
 *
 * @param etag what the source called this revision (HTTP ETag, or the file's mtime and size)
 * @param origin where it came from, shown at start, in logs and in the heartbeat
 */
public record PolicyDocument(String databaseId, String policyJson, String etag, String origin)
    implements CborSerializable {

  /**
   * Identifies what a node already holds, so a re-subscription is answered only when it changed.
   */
  public String revision() {
    return etag + "|" + origin + "|" + policyJson.hashCode();
  }

  public PolicyDocument withOrigin(String newOrigin) {
    return new PolicyDocument(databaseId, policyJson, etag, newOrigin);
  }

  /**
   * @throws dev.vetro.policy.PolicyException when the JSON is not a valid policy
   */
  public CompiledPolicy compile() {
    return Policy.fromJson(policyJson).compile();
  }
}
