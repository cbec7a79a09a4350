package dev.vetro.api.databases;

import dev.vetro.policy.CompiledPolicy;
import dev.vetro.policy.Policy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compiled policies per database, recompiled only when the version changes. The effective policy is
 * the stored document with the database's mode and the entity's version (the one place both live),
 * so the ETag a proxy sees and the decision it gets always agree.
 */
public final class PolicyCache {
  private record Entry(long version, Policy policy, CompiledPolicy compiled) {}

  private final Map<String, Entry> entries = new ConcurrentHashMap<>();

  public CompiledPolicy compiled(Database.Info db) {
    return entry(db).compiled();
  }

  public Policy effective(Database.Info db) {
    return entry(db).policy();
  }

  private Entry entry(Database.Info db) {
    Entry e = entries.get(db.id());
    if (e != null && e.version() == db.policyVersion()) {
      return e;
    }
    Policy effective = effectivePolicy(db);
    Entry fresh = new Entry(db.policyVersion(), effective, effective.compile());
    entries.put(db.id(), fresh);
    return fresh;
  }

  public static Policy effectivePolicy(Database.Info db) {
    Policy p = Policy.fromJson(db.policyJson());
    return new Policy(
        p.schemaVersion(),
        db.policyVersion(),
        db.mode(),
        p.actions(),
        p.rules(),
        p.roleExceptions(),
        p.allowlist(),
        p.parseError(),
        p.maxQueryBytes());
  }

  public void forget(String databaseId) {
    entries.remove(databaseId);
  }
}
