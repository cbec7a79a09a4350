package dev.vetro.api.databases;

import dev.vetro.api.accounts.Caller;
import dev.vetro.api.cache.Invalidations;
import dev.vetro.api.http.ApiException;
import dev.vetro.api.http.Entities;
import dev.vetro.api.http.ErrorCode;
import dev.vetro.policy.lexer.Dialect;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Loading a database for a caller (the tenancy check every route shares) and its JSON view. */
public final class Databases {
  private final Entities entities;
  private final DatabaseCache cache;
  private final Invalidations invalidations;

  public Databases(Entities entities, DatabaseCache cache, Invalidations invalidations) {
    this.entities = entities;
    this.cache = cache;
    this.invalidations = invalidations;
  }

  /** The database if it exists and belongs to the caller's workspace: else 404 or 403. */
  public CompletionStage<Database.Info> owned(Caller caller, String databaseId) {
    if (!Entities.isId(databaseId)) {
      throw ApiException.notFound("database '" + databaseId + "'");
    }
    return entities
        .<Database.Command, Database.Reply>ask(Database.ENTITY_KEY, databaseId, Database.Get::new)
        .thenApply(reply -> checked(reply, caller, databaseId));
  }

  /**
   * As {@link #owned}, from this node's {@link DatabaseCache} when it has the database: the
   * evaluation routes' hot path. Management routes read the entity itself.
   */
  public CompletionStage<Database.Info> ownedCached(Caller caller, String databaseId) {
    Database.Info hit = cache.get(databaseId);
    if (hit != null) {
      return CompletableFuture.completedFuture(checked(hit, caller, databaseId));
    }
    if (!Entities.isId(databaseId)) {
      throw ApiException.notFound("database '" + databaseId + "'");
    }
    long generation = cache.generation();
    return entities
        .<Database.Command, Database.Reply>ask(Database.ENTITY_KEY, databaseId, Database.Get::new)
        .thenApply(
            reply -> {
              if (reply instanceof Database.Info info) {
                cache.put(info, generation);
              }
              return checked(reply, caller, databaseId);
            });
  }

  /**
   * Call after any command that changed a database (or may have), before answering: this node
   * forgets it at once, the other nodes within milliseconds.
   */
  public void changed(String databaseId) {
    cache.invalidate(databaseId);
    invalidations.publish(new Invalidations.DatabaseChanged(databaseId));
  }

  public static Database.Info checked(Database.Reply reply, Caller caller, String databaseId) {
    if (reply instanceof Database.Info info) {
      if (!info.workspaceId().equals(caller.workspaceId())) {
        throw new ApiException(
            ErrorCode.FORBIDDEN, "database '" + databaseId + "' belongs to another workspace");
      }
      if (!caller.reaches(databaseId)) {
        throw new ApiException(
            ErrorCode.FORBIDDEN, "this API key is not allowed on database '" + databaseId + "'");
      }
      return info;
    }
    if (reply instanceof Database.WrongWorkspace) {
      throw new ApiException(
          ErrorCode.FORBIDDEN, "database '" + databaseId + "' belongs to another workspace");
    }
    if (reply instanceof Database.Rejected r) {
      throw new ApiException(ErrorCode.CONFLICT, r.reason());
    }
    throw ApiException.notFound("database '" + databaseId + "'");
  }

  public static Map<String, Object> view(Database.Info d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", d.id());
    m.put("name", d.name());
    m.put("dialect", d.dialect());
    m.put("mode", d.mode());
    m.put("policy_version", d.policyVersion());
    m.put("created_at", Instant.ofEpochMilli(d.createdAt()).toString());
    return m;
  }

  /** {@code postgres} or {@code mysql}; anything else is 422 unknown_dialect. */
  public static String dialect(String raw) {
    String d = raw.strip().toLowerCase(Locale.ROOT);
    if (d.equals("postgres") || d.equals("postgresql")) {
      return "postgres";
    }
    if (d.equals("mysql")) {
      return "mysql";
    }
    throw new ApiException(
        ErrorCode.UNKNOWN_DIALECT, "unknown dialect '" + raw + "'; supported: postgres, mysql");
  }

  public static Dialect engineDialect(String dialect) {
    return dialect.equals("mysql") ? Dialect.MYSQL : Dialect.POSTGRES;
  }

  public static String mode(String raw) {
    String m = raw.strip().toLowerCase(Locale.ROOT);
    if (!m.equals("enforce") && !m.equals("observe")) {
      throw ApiException.invalid("field 'mode' must be enforce or observe, not '" + raw + "'");
    }
    return m;
  }

  public static String name(String raw) {
    String n = raw.strip();
    if (n.isEmpty() || n.length() > 200) {
      throw ApiException.invalid("field 'name' must be 1..200 characters");
    }
    return n;
  }
}
