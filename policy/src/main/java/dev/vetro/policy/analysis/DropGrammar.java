package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.locks.LockMode;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * DROP of every object class PostgreSQL has, judged by what it destroys: data (tables, databases,
 * schemas; materialized views, sequences, foreign tables, tablespaces), what code depends on
 * (views, functions, types, extensions …) or access (roles, policies). CASCADE makes any DROP
 * critical, since it takes dependent columns, views and tables with it; IF EXISTS changes nothing
 * (it drops what exists). Objects in the session's own temporary schema ({@code pg_temp}) hold no
 * shared data: dropping them is not an incident.
 */
final class DropGrammar {

  /** What a DROP of an object class destroys. */
  enum Destroys {
    /** Rows (VETRO-010 / VETRO-012 name them; the rest is VETRO-095). */
    DATA,
    /** An index: queries slow down, and without CONCURRENTLY the table is locked. */
    INDEX,
    /** Something other objects or application code depend on (VETRO-096). */
    DEPENDED_ON,
    /** Who may do what (VETRO-097). */
    ACCESS,
    /** Every object a role owns (VETRO-094). */
    OWNED
  }

  /** An object class as gram.y spells it after DROP, with its node type and what it destroys. */
  record ObjectClass(String words, String kind, Destroys destroys) {}

  /** Every object class of gram.y's DROP productions (PostgreSQL 15–17). */
  static final List<ObjectClass> CLASSES =
      List.of(
          new ObjectClass("table", "DropStmt", Destroys.DATA),
          new ObjectClass("database", "DropdbStmt", Destroys.DATA),
          new ObjectClass("schema", "DropStmt", Destroys.DATA),
          new ObjectClass("materialized view", "DropStmt", Destroys.DATA),
          new ObjectClass("foreign table", "DropStmt", Destroys.DATA),
          new ObjectClass("sequence", "DropStmt", Destroys.DATA),
          new ObjectClass("tablespace", "DropTableSpaceStmt", Destroys.DATA),
          new ObjectClass("index", "DropStmt", Destroys.INDEX),
          new ObjectClass("view", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("function", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("procedure", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("routine", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("aggregate", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("operator class", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("operator family", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("operator", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("type", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("domain", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("collation", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("conversion", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("statistics", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("extension", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("trigger", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("event trigger", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("rule", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("cast", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("transform", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("language", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("procedural language", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("access method", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("text search parser", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("text search dictionary", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("text search template", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("text search configuration", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("foreign data wrapper", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("server", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("publication", "DropStmt", Destroys.DEPENDED_ON),
          new ObjectClass("subscription", "DropSubscriptionStmt", Destroys.DEPENDED_ON),
          new ObjectClass("user mapping", "DropUserMappingStmt", Destroys.DEPENDED_ON),
          new ObjectClass("policy", "DropStmt", Destroys.ACCESS),
          new ObjectClass("role", "DropRoleStmt", Destroys.ACCESS),
          new ObjectClass("user", "DropRoleStmt", Destroys.ACCESS),
          new ObjectClass("group", "DropRoleStmt", Destroys.ACCESS),
          new ObjectClass("owned", "DropOwnedStmt", Destroys.OWNED));

  /** Node path names PostgreSQL's ObjectType uses, for the classes whose words differ. */
  private static final Map<String, String> REMOVE_TYPE =
      Map.of("materialized view", "MATVIEW", "procedural language", "LANGUAGE", "user", "ROLE");

  /** Classes whose DROP locks a relation (the relation itself, or an index's table). */
  private static final java.util.Set<String> RELATIONS =
      java.util.Set.of("table", "index", "materialized view", "foreign table", "sequence", "view");

  private DropGrammar() {}

  /** The cursor stands on DROP. Null when the tokens are not a DROP this grammar knows. */
  static Exact parse(TokenCursor c) {
    c.advance();
    ObjectClass oc = objectClass(c);
    if (oc == null) {
      // an object class this table does not know: never allowed because nobody thought of it
      if (!c.is(TokenType.IDENT) || !c.restIsBalanced()) {
        return null;
      }
      return new Exact("DropStmt")
          .finding(
              RuleCodes.UNCLASSIFIED_KIND,
              "DropStmt > RemoveType = " + c.lower().toUpperCase(Locale.ROOT),
              "DROP of an object class without a verdict");
    }
    if (!c.restIsBalanced()) {
      return null;
    }
    Exact e = new Exact(oc.kind());
    boolean concurrently = c.accept("concurrently");
    c.acceptAll("if", "exists");
    List<String> names = names(c);
    boolean temp = !names.isEmpty() && names.stream().allMatch(DropGrammar::inTempSchema);
    String removeType = removeType(oc);
    String path =
        oc.kind().equals("DropStmt") ? "DropStmt > RemoveType = " + removeType : oc.kind();
    String subject = names.size() == 1 ? names.get(0) : null;
    if (!temp) {
      judge(e, oc, path, subject, concurrently);
    }
    if (oc.destroys() == Destroys.INDEX && concurrently) {
      e.concurrently = true;
    }
    if (RELATIONS.contains(oc.words())) {
      LockMode mode = concurrently ? LockMode.SHARE_UPDATE_EXCLUSIVE : LockMode.ACCESS_EXCLUSIVE;
      for (String n : names) {
        e.lock(n, mode, false, false);
      }
    }
    int last = c.size() - 1;
    if (!temp && c.tokens().get(last).isWord(c.sql(), "cascade")) {
      e.findings.add(
          new Finding(RuleCodes.DROP_CASCADE, path + " > Behavior = CASCADE", oc.words(), subject));
    }
    return e;
  }

  private static void judge(
      Exact e, ObjectClass oc, String path, String subject, boolean concurrently) {
    switch (oc.destroys()) {
      case DATA -> {
        String code =
            switch (oc.words()) {
              case "table", "database" -> RuleCodes.DROP_TABLE_OR_DATABASE;
              case "schema" -> RuleCodes.DROP_SCHEMA;
              default -> RuleCodes.DROP_DATA_OBJECT;
            };
        e.findings.add(
            new Finding(code, path, oc.words().equals("table") ? null : oc.words(), subject));
      }
      case INDEX -> {
        e.finding(RuleCodes.DROP_INDEX, path);
        if (!concurrently) {
          e.finding(RuleCodes.DROP_INDEX_NOT_CONCURRENTLY, path + " > Concurrent = false");
        }
      }
      case DEPENDED_ON -> e.finding(RuleCodes.DROP_DEPENDED_ON_OBJECT, path, oc.words());
      case ACCESS -> e.finding(RuleCodes.ACCESS_CONTROL_REMOVED, path, oc.words());
      case OWNED -> e.finding(RuleCodes.DROP_OR_REASSIGN_OWNED, path, "DROP OWNED");
    }
  }

  /** Reads the object-class words, longest match first; null when no class matches. */
  private static ObjectClass objectClass(TokenCursor c) {
    ObjectClass best = null;
    int bestLen = 0;
    for (ObjectClass oc : CLASSES) {
      String[] words = oc.words().split(" ");
      if (words.length > bestLen && matches(c, words)) {
        best = oc;
        bestLen = words.length;
      }
    }
    for (int i = 0; i < bestLen; i++) {
      c.advance();
    }
    return best;
  }

  private static boolean matches(TokenCursor c, String[] words) {
    for (int i = 0; i < words.length; i++) {
      if (!c.isWordAt(i, words[i])) {
        return false;
      }
    }
    return true;
  }

  /** The comma-separated names from here, as far as they are plain (qualified) names. */
  private static List<String> names(TokenCursor c) {
    List<String> out = new ArrayList<>(2);
    int save = c.pos();
    do {
      String n = c.qualifiedName();
      if (n == null) {
        break;
      }
      out.add(n);
      if (c.is(TokenType.LPAREN) && !c.skipParens()) {
        break;
      }
    } while (c.accept(TokenType.COMMA));
    c.seek(save);
    return out;
  }

  /** pg_temp, or a backend's pg_temp_N, names the session's own temporary schema. */
  private static boolean inTempSchema(String qualifiedName) {
    int dot = qualifiedName.indexOf('.');
    if (dot < 0) {
      return false;
    }
    String schema = qualifiedName.substring(0, dot);
    return schema.equals("pg_temp") || schema.matches("pg_temp_[0-9]+");
  }

  private static String removeType(ObjectClass oc) {
    String t = REMOVE_TYPE.get(oc.words());
    return t != null ? t : oc.words().replace(' ', '_').toUpperCase(Locale.ROOT);
  }
}
