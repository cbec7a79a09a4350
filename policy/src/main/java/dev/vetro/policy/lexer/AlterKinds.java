package dev.vetro.policy.lexer;

/**
 * ALTER forms of gram.y. The action right after the object name decides first: RENAME is a
 * RenameStmt, OWNER TO an AlterOwnerStmt (an AlterTableStmt for relations), SET SCHEMA an
 * AlterObjectSchemaStmt, [NO] DEPENDS ON EXTENSION an AlterObjectDependsStmt; otherwise the object
 * type names the node.
 */
final class AlterKinds {

  private AlterKinds() {}

  static String of(Words w) {
    String object = w.word(1);
    int nameAt = 2;
    switch (object) {
      case "system":
        return "AlterSystemStmt";
      case "default":
        return "AlterDefaultPrivilegesStmt";
      case "materialized", "event", "large", "access", "procedural":
        nameAt = 3;
        break;
      case "foreign":
        nameAt = w.is(2, "data") ? 4 : 3;
        break;
      case "text":
        nameAt = 4;
        break;
      case "operator":
        if (w.isAny(2, "class", "family")) {
          nameAt = 3;
        }
        break;
      case "user":
        if (w.is(2, "mapping")) {
          return "AlterUserMappingStmt";
        }
        break;
      default:
        break;
    }
    if (w.is(nameAt, "all") && w.is(nameAt + 1, "in") && w.is(nameAt + 2, "tablespace")) {
      return "AlterTableMoveAllStmt";
    }
    int action = w.skipObjectName(nameAt);
    boolean relation = isRelation(w, object);
    if (w.is(action, "rename")) {
      return object.equals("type") && w.is(action + 1, "value") ? "AlterEnumStmt" : "RenameStmt";
    }
    if (w.is(action, "owner") && w.is(action + 1, "to")) {
      return relation || object.equals("sequence") ? "AlterTableStmt" : "AlterOwnerStmt";
    }
    if (w.is(action, "set") && w.is(action + 1, "schema")) {
      return "AlterObjectSchemaStmt";
    }
    if (w.is(action, "depends") || w.is(action, "no") && w.is(action + 1, "depends")) {
      return "AlterObjectDependsStmt";
    }
    if (relation) {
      return "AlterTableStmt";
    }
    return switch (object) {
      case "sequence" -> sequenceKind(w, action);
      case "type" -> typeKind(w, action);
      case "domain" -> "AlterDomainStmt";
      case "function", "procedure", "routine" -> "AlterFunctionStmt";
      case "operator" -> w.is(2, "family") ? "AlterOpFamilyStmt" : "AlterOperatorStmt";
      case "role", "user", "group" -> roleKind(w, action);
      case "database" -> databaseKind(w, action);
      case "extension" ->
          w.isAny(action, "add", "drop") ? "AlterExtensionContentsStmt" : "AlterExtensionStmt";
      case "foreign" -> "AlterFdwStmt";
      case "server" -> "AlterForeignServerStmt";
      case "publication" -> "AlterPublicationStmt";
      case "subscription" -> "AlterSubscriptionStmt";
      case "policy" -> "AlterPolicyStmt";
      case "event" -> "AlterEventTrigStmt";
      case "collation" -> "AlterCollationStmt";
      case "statistics" -> "AlterStatsStmt";
      case "tablespace" -> "AlterTableSpaceOptionsStmt";
      case "text" -> w.is(3, "dictionary") ? "AlterTSDictionaryStmt" : "AlterTSConfigurationStmt";
      default -> Classification.UNKNOWN_KIND;
    };
  }

  /** Objects whose ALTERs are all AlterTableStmt subcommands (OWNER TO included). */
  private static boolean isRelation(Words w, String object) {
    return switch (object) {
      case "table", "index", "view", "materialized" -> true;
      case "foreign" -> w.is(2, "table");
      default -> false;
    };
  }

  /** ALTER SEQUENCE takes sequence options (AlterSeqStmt) or table subcommands (AlterTableStmt). */
  private static String sequenceKind(Words w, int action) {
    if (w.isAny(action, "owner", "reset", "enable", "disable", "alter", "add", "drop")) {
      return "AlterTableStmt";
    }
    if (w.is(action, "set") && !w.is(action + 1, "schema")) {
      return "AlterTableStmt";
    }
    return "AlterSeqStmt";
  }

  /** ADD VALUE is AlterEnumStmt, SET (...) AlterTypeStmt, attribute changes AlterTableStmt. */
  private static String typeKind(Words w, int action) {
    if (w.is(action, "add") && w.is(action + 1, "value")) {
      return "AlterEnumStmt";
    }
    if (w.is(action, "set")) {
      return "AlterTypeStmt";
    }
    return "AlterTableStmt";
  }

  private static String roleKind(Words w, int action) {
    if (w.isAny(action, "set", "reset")) {
      return "AlterRoleSetStmt";
    }
    if (w.is(action, "in") && w.is(action + 1, "database")) {
      return "AlterRoleSetStmt";
    }
    return "AlterRoleStmt";
  }

  private static String databaseKind(Words w, int action) {
    if (w.isAny(action, "set", "reset")) {
      return "AlterDatabaseSetStmt";
    }
    if (w.is(action, "refresh")) {
      return "AlterDatabaseRefreshCollStmt";
    }
    return "AlterDatabaseStmt";
  }
}
