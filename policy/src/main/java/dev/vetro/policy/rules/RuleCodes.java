package dev.vetro.policy.rules;

/**
 * Every rule code as a constant, in one place: analysis code names rules through these, so a typo
 * is a compile error and "where does VETRO-015 fire" is a find-usages away. The codes themselves
 * are public and stable (policies, inline ignores and dashboards store them); the catalog entry for
 * each lives in {@link RuleCatalog}.
 */
public final class RuleCodes {

  private RuleCodes() {}

  public static final String DELETE_WITHOUT_WHERE = "VETRO-001";
  public static final String DELETE_ALWAYS_TRUE = "VETRO-003";
  public static final String DROP_TABLE_OR_DATABASE = "VETRO-010";
  public static final String TRUNCATE = "VETRO-011";
  public static final String DROP_SCHEMA = "VETRO-012";
  public static final String DROP_INDEX = "VETRO-013";
  public static final String DROP_COLUMN = "VETRO-015";
  public static final String RENAME = "VETRO-016";
  public static final String DROP_CONSTRAINT = "VETRO-017";
  public static final String ALTER_COLUMN_TYPE = "VETRO-018";
  public static final String TRIGGER_OR_RLS_DISABLED = "VETRO-019";
  public static final String CREATE_INDEX_NOT_CONCURRENTLY = "VETRO-020";
  public static final String DROP_INDEX_NOT_CONCURRENTLY = "VETRO-021";
  public static final String ADD_COLUMN_NOT_NULL_NO_DEFAULT = "VETRO-022";
  public static final String ADD_COLUMN_VOLATILE_DEFAULT = "VETRO-023";
  public static final String SET_NOT_NULL = "VETRO-024";
  public static final String CONSTRAINT_WITHOUT_NOT_VALID = "VETRO-025";
  public static final String CONCURRENTLY_IN_TRANSACTION = "VETRO-027";
  public static final String UPDATE_WITHOUT_WHERE_NESTED = "VETRO-031";
  public static final String DELETE_WITHOUT_WHERE_NESTED = "VETRO-033";
  public static final String INSERT_SELECT_UNFILTERED = "VETRO-040";
  public static final String UPDATE_WITHOUT_WHERE = "VETRO-042";
  public static final String SELECT_WITHOUT_LIMIT = "VETRO-050";
  public static final String SELECT_STAR_WITHOUT_WHERE = "VETRO-051";
  public static final String INSERT_WITHOUT_COLUMNS = "VETRO-060";
  public static final String INSERT_TOO_MANY_ROWS = "VETRO-061";
  public static final String SLEEP_FUNCTION = "VETRO-070";
  public static final String ROLE_ESCALATION = "VETRO-071";
  public static final String SERVER_REACH = "VETRO-073";
  public static final String COPY_PROGRAM = "VETRO-080";
  public static final String DO_BLOCK = "VETRO-081";
  public static final String GRANT_REVOKE = "VETRO-082";
  public static final String MERGE = "VETRO-083";
  public static final String CREATE_TABLE_AS = "VETRO-084";
  public static final String OR_ALWAYS_TRUE = "VETRO-090";
  public static final String MULTIPLE_STATEMENTS = "VETRO-091";
  public static final String UNCLASSIFIED_KIND = "VETRO-092";
  public static final String DROP_CASCADE = "VETRO-093";
  public static final String DROP_OR_REASSIGN_OWNED = "VETRO-094";
  public static final String DROP_DATA_OBJECT = "VETRO-095";
  public static final String DROP_DEPENDED_ON_OBJECT = "VETRO-096";
  public static final String ACCESS_CONTROL_REMOVED = "VETRO-097";
  public static final String IDENTITY_CHANGE = "VETRO-098";
  public static final String IDENTITY_RESET = "VETRO-099";
  public static final String PROTECTION_SETTING_OFF = "VETRO-100";
  public static final String ROLE_OR_DATABASE_SETTING = "VETRO-101";
  public static final String SECRET_CATALOG_READ = "VETRO-102";
  public static final String UNREADABLE_FUNCTION_BODY = "VETRO-103";
  public static final String FUNCTION_BODY_NOT_FULLY_READ = "VETRO-104";
  public static final String SERVER_ADMINISTRATION = "VETRO-105";
  public static final String EXCLUSIVE_LOCK_REWRITE_OR_SCAN = "VETRO-106";
  public static final String DDL_WITHOUT_LOCK_TIMEOUT = "VETRO-107";

  public static final String PARSE_ERROR = "VETRO-PARSE-ERROR";
  public static final String QUERY_TOO_LARGE = "VETRO-QUERY-TOO-LARGE";
  public static final String IGNORE_NO_REASON = "VETRO-IGNORE-NO-REASON";
}
