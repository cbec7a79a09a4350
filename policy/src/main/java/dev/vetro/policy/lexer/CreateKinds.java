package dev.vetro.policy.lexer;

/** CREATE forms of gram.y and the node each builds. */
final class CreateKinds {

  private CreateKinds() {}

  static String of(Words w) {
    int i = 1;
    if (w.is(i, "or") && w.is(i + 1, "replace")) {
      i += 2;
    }
    // OptTemp: TEMP, TEMPORARY, LOCAL/GLOBAL TEMP, UNLOGGED
    while (w.isAny(i, "temp", "temporary", "local", "global", "unlogged")) {
      i++;
    }
    return switch (w.word(i)) {
      case "table" -> tableKind(w, i + 1);
      case "materialized" -> "CreateTableAsStmt";
      case "view" -> "ViewStmt";
      case "recursive" -> "ViewStmt";
      case "sequence" -> "CreateSeqStmt";
      case "unique", "index" -> "IndexStmt";
      case "function", "procedure" -> "CreateFunctionStmt";
      case "aggregate", "collation" -> "DefineStmt";
      case "operator" ->
          w.is(i + 1, "class")
              ? "CreateOpClassStmt"
              : w.is(i + 1, "family") ? "CreateOpFamilyStmt" : "DefineStmt";
      case "type" -> typeKind(w, i + 1);
      case "text" -> "DefineStmt";
      case "domain" -> "CreateDomainStmt";
      case "role", "group" -> "CreateRoleStmt";
      case "user" -> w.is(i + 1, "mapping") ? "CreateUserMappingStmt" : "CreateRoleStmt";
      case "schema" -> "CreateSchemaStmt";
      case "default", "conversion" -> "CreateConversionStmt";
      case "foreign" -> w.is(i + 1, "table") ? "CreateForeignTableStmt" : "CreateFdwStmt";
      case "server" -> "CreateForeignServerStmt";
      case "trusted", "procedural", "language" -> "CreatePLangStmt";
      case "statistics" -> "CreateStatsStmt";
      case "rule" -> "RuleStmt";
      case "constraint", "trigger" -> "CreateTrigStmt";
      case "event" -> "CreateEventTrigStmt";
      case "publication" -> "CreatePublicationStmt";
      case "subscription" -> "CreateSubscriptionStmt";
      case "policy" -> "CreatePolicyStmt";
      case "access" -> "CreateAmStmt";
      case "cast" -> "CreateCastStmt";
      case "database" -> "CreatedbStmt";
      case "tablespace" -> "CreateTableSpaceStmt";
      case "transform" -> "CreateTransformStmt";
      case "extension" -> "CreateExtensionStmt";
      default -> Classification.UNKNOWN_KIND;
    };
  }

  /**
   * CREATE TABLE name [(cols)] AS query / EXECUTE is CreateTableAsStmt; anything else CreateStmt.
   */
  private static String tableKind(Words w, int i) {
    return w.findTopLevel(i, "as") >= 0 ? "CreateTableAsStmt" : "CreateStmt";
  }

  /** CREATE TYPE name AS (...) / AS ENUM / AS RANGE / (...) / shell type. */
  private static String typeKind(Words w, int i) {
    int as = w.findTopLevel(i, "as");
    if (as < 0) {
      return "DefineStmt";
    }
    if (w.is(as + 1, "enum")) {
      return "CreateEnumStmt";
    }
    if (w.is(as + 1, "range")) {
      return "CreateRangeStmt";
    }
    return "CompositeTypeStmt";
  }
}
