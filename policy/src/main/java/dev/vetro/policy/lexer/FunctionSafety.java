package dev.vetro.policy.lexer;

import java.util.Set;

/**
 * The documented lists behind {@link Effect#READ_ONLY}: built-in functions and operators that
 * only compute or read (safe), built-ins known to write or act outside the query (writing),
 * and keywords that take a parenthesis without being a function call.
 *
 * <p>A function is judged by its unqualified name, or {@code pg_catalog.name}; any other
 * schema qualification is a user function. Anything not listed is {@link Effect#UNKNOWN}.
 * Volatile-but-harmless functions (random, clock_timestamp) are safe: they do not write.
 */
final class FunctionSafety {

    private FunctionSafety() {
    }

    static final Set<String> SAFE = Set.of(
            // aggregates
            "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or", "every",
            "json_agg", "jsonb_agg", "json_object_agg", "jsonb_object_agg", "stddev", "stddev_pop",
            "stddev_samp", "variance", "var_pop", "var_samp", "percentile_cont", "percentile_disc", "mode",
            "bit_and", "bit_or", "bit_xor", "corr", "covar_pop", "covar_samp", "regr_slope", "regr_intercept",
            "regr_count", "regr_r2", "xmlagg", "range_agg", "grouping",
            // window functions
            "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead",
            "first_value", "last_value", "nth_value",
            // conditionals and SQL-syntax functions
            "coalesce", "nullif", "greatest", "least", "row", "cast", "extract", "overlay", "position",
            "substring", "trim", "normalize", "treat", "xmlelement", "xmlforest",
            "xmlconcat", "xmlparse", "xmlserialize", "xmlroot", "xmlpi", "xmlexists",
            // date and time
            "now", "current_timestamp", "current_time", "localtime", "localtimestamp", "clock_timestamp",
            "statement_timestamp", "transaction_timestamp", "timeofday", "date_trunc", "date_part",
            "date_bin", "age", "to_char", "to_date", "to_timestamp", "to_number", "make_date",
            "make_time", "make_timestamp", "make_timestamptz", "make_interval", "justify_days",
            "justify_hours", "justify_interval", "isfinite", "date", "timezone",
            // strings
            "lower", "upper", "initcap", "length", "char_length", "character_length", "octet_length",
            "bit_length", "substr", "strpos", "btrim", "ltrim", "rtrim", "lpad", "rpad", "replace",
            "translate", "concat", "concat_ws", "left", "right", "reverse", "repeat", "split_part",
            "regexp_replace", "regexp_matches", "regexp_match", "regexp_split_to_array",
            "regexp_split_to_table", "regexp_count", "regexp_instr", "regexp_like", "regexp_substr",
            "starts_with", "format", "quote_ident", "quote_literal", "quote_nullable", "md5", "sha224",
            "sha256", "sha384", "sha512", "encode", "decode", "ascii", "chr", "to_hex", "to_ascii",
            "convert", "convert_from", "convert_to", "unistr", "string_to_array", "string_to_table",
            // numbers
            "abs", "ceil", "ceiling", "floor", "round", "trunc", "sign", "sqrt", "cbrt", "power", "pow",
            "exp", "ln", "log", "log10", "mod", "div", "pi", "degrees", "radians", "sin", "cos", "tan",
            "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "width_bucket", "random",
            "gcd", "lcm", "factorial", "scale", "trim_scale", "min_scale", "gen_random_uuid",
            // arrays and set-returning
            "array_length", "array_upper", "array_lower", "array_dims", "array_ndims", "cardinality",
            "array_position", "array_positions", "array_to_string", "array_append", "array_prepend",
            "array_cat", "array_remove", "array_replace", "array_fill", "unnest", "generate_series",
            "generate_subscripts", "array", "bernoulli",
            // json
            "json_build_object", "json_build_array", "jsonb_build_object", "jsonb_build_array", "to_json",
            "to_jsonb", "row_to_json", "array_to_json", "json_extract_path", "json_extract_path_text",
            "jsonb_extract_path", "jsonb_extract_path_text", "jsonb_set", "jsonb_set_lax", "jsonb_insert",
            "jsonb_pretty", "json_array_length", "jsonb_array_length", "json_array_elements",
            "jsonb_array_elements", "json_array_elements_text", "jsonb_array_elements_text", "json_each",
            "jsonb_each", "json_each_text", "jsonb_each_text", "json_object_keys", "jsonb_object_keys",
            "json_typeof", "jsonb_typeof", "jsonb_strip_nulls", "json_strip_nulls", "jsonb_path_query",
            "jsonb_path_query_array", "jsonb_path_query_first", "jsonb_path_exists", "jsonb_path_match",
            "json_object", "jsonb_object", "json_populate_record", "jsonb_populate_record",
            "json_to_record", "jsonb_to_record", "json_to_recordset", "jsonb_to_recordset",
            // full text search
            "to_tsvector", "to_tsquery", "plainto_tsquery", "phraseto_tsquery", "websearch_to_tsquery",
            "ts_rank", "ts_rank_cd", "ts_headline", "setweight", "strip", "numnode", "querytree",
            // session and catalog information (reads only)
            "current_setting", "version", "pg_typeof", "format_type", "current_database",
            "current_schema", "current_schemas", "current_user", "session_user", "currval", "lastval",
            "pg_backend_pid", "inet_client_addr", "inet_client_port", "inet_server_addr",
            "inet_server_port", "pg_postmaster_start_time", "pg_is_in_recovery", "txid_current_if_assigned",
            "has_table_privilege", "has_column_privilege", "has_schema_privilege", "has_database_privilege",
            "has_function_privilege", "has_sequence_privilege", "pg_has_role", "pg_get_viewdef",
            "pg_get_indexdef", "pg_get_constraintdef", "pg_get_functiondef", "pg_get_triggerdef",
            "pg_get_expr", "pg_get_userbyid", "pg_get_serial_sequence", "obj_description",
            "col_description", "shobj_description", "pg_size_pretty", "pg_relation_size",
            "pg_total_relation_size", "pg_table_size", "pg_indexes_size", "pg_database_size",
            "pg_column_size", "pg_table_is_visible", "pg_type_is_visible", "pg_function_is_visible",
            "to_regclass", "to_regtype", "to_regproc", "to_regnamespace", "to_regrole", "num_nulls",
            "num_nonnulls", "pg_encoding_to_char", "pg_client_encoding");

    /** Built-ins that write, signal, lock, reconfigure, or reach files or other servers. */
    static final Set<String> WRITING = Set.of(
            "nextval", "setval", "set_config", "pg_terminate_backend", "pg_cancel_backend",
            "pg_reload_conf", "pg_rotate_logfile", "pg_switch_wal", "pg_create_restore_point",
            "pg_promote", "pg_stat_reset", "pg_stat_reset_shared", "pg_stat_reset_single_table_counters",
            "pg_stat_reset_single_function_counters", "pg_stat_reset_slru", "pg_notify",
            "pg_logical_emit_message", "pg_create_physical_replication_slot",
            "pg_create_logical_replication_slot", "pg_drop_replication_slot", "pg_replication_origin_create",
            "pg_advisory_lock", "pg_advisory_lock_shared", "pg_advisory_xact_lock",
            "pg_advisory_xact_lock_shared", "pg_try_advisory_lock", "pg_try_advisory_lock_shared",
            "pg_try_advisory_xact_lock", "pg_try_advisory_xact_lock_shared", "pg_advisory_unlock",
            "pg_advisory_unlock_shared", "pg_advisory_unlock_all", "dblink", "dblink_exec",
            "dblink_connect", "dblink_connect_u", "dblink_send_query", "dblink_open", "dblink_fetch",
            "lo_import", "lo_export", "lo_unlink", "lo_create", "lo_creat", "lo_open", "lo_write",
            "lowrite", "lo_put", "lo_truncate", "lo_truncate64", "lo_from_bytea", "pg_file_write",
            "pg_file_rename", "pg_file_unlink", "pg_file_sync", "txid_current", "pg_current_xact_id",
            "pg_import_system_collations", "pg_sleep", "pg_sleep_for", "pg_sleep_until");

    /** Keywords followed by '(' that are syntax, not calls. */
    static final Set<String> NOT_CALLS = Set.of(
            "in", "exists", "values", "as", "any", "all", "some", "from", "join", "on", "using", "where",
            "and", "or", "not", "select", "over", "filter", "by", "lateral", "case", "when", "then", "else",
            "union", "intersect", "except", "distinct", "limit", "offset", "having", "returning", "with",
            "is", "like", "ilike", "between", "table", "sets", "rollup", "cube", "only", "natural", "inner",
            "left", "right", "full", "cross", "outer", "similar", "escape", "zone", "window", "partition",
            "group", "order", "rows", "range", "groups", "tablesample", "repeatable", "fetch", "first",
            "next", "varying", "numeric", "decimal", "varchar", "char", "character", "bit", "varbit",
            "timestamp", "time", "interval", "float", "precision", "recursive", "materialized", "to",
            "within", "ordinality", "nulls", "last", "asc", "desc",
            "collate", "at", "operator", "unique", "of", "for");

    /** Built-in operator spellings; a user-defined operator may call any function. */
    static final Set<String> SAFE_OPERATORS = Set.of(
            "=", "<>", "!=", "<", ">", "<=", ">=", "+", "-", "*", "/", "%", "^", "||", "~", "~*", "!~",
            "!~*", "~~", "!~~", "~~*", "!~~*", "@>", "<@", "&&", "->", "->>", "#>", "#>>", "?", "?|", "?&",
            "@@", "@@@", "@?", "#", "&", "|", "<<", ">>", "|/", "||/", "@", "#-", "-|-", "&<", "&>", "<<|",
            "|>>", "<->", "<<=", ">>=", "!", "!!", "..", "=>");
}
