package dev.vetro.policy.analysis;

import dev.vetro.policy.lexer.Token;
import dev.vetro.policy.lexer.TokenType;
import dev.vetro.policy.rules.Finding;
import dev.vetro.policy.rules.RuleCodes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What can still be said exactly from tokens when no grammar accepted a statement: a DELETE or
 * UPDATE with no WHERE at parenthesis depth 0 has no WHERE at all, and the rows of a VALUES list
 * can be counted without parsing them (a huge INSERT is exactly what makes JSqlParser slow). These
 * findings come on top of the parse error, so the decision names the real danger.
 */
final class TokenFallback {

  private TokenFallback() {}

  static List<Finding> findings(String sql, List<Token> tokens) {
    List<Finding> out = new ArrayList<>(1);
    if (tokens.isEmpty()) {
      return out;
    }
    Token first = tokens.get(0);
    if (first.isWord(sql, "delete") && !hasTopLevel(sql, tokens, "where")) {
      out.add(Finding.of(RuleCodes.DELETE_WITHOUT_WHERE, "DeleteStmt > WhereClause = NULL"));
    } else if (first.isWord(sql, "update") && !hasTopLevel(sql, tokens, "where")) {
      out.add(Finding.of(RuleCodes.UPDATE_WITHOUT_WHERE, "UpdateStmt > WhereClause = NULL"));
    } else if (first.isWord(sql, "select") && hasTopLevel(sql, tokens, "into")) {
      out.add(Finding.of(RuleCodes.CREATE_TABLE_AS, "SelectStmt > IntoClause"));
    } else if (first.isWord(sql, "insert")) {
      int rows = valuesRows(sql, tokens);
      if (rows > AstRules.MAX_INSERT_ROWS) {
        out.add(
            Finding.of(
                RuleCodes.INSERT_TOO_MANY_ROWS,
                "InsertStmt > ValuesLists > Count > " + AstRules.MAX_INSERT_ROWS,
                rows + " rows"));
      }
    }
    return out;
  }

  /** Rows of the top-level VALUES list: parenthesised groups separated by commas. */
  static int valuesRows(String sql, List<Token> tokens) {
    int depth = 0;
    boolean inValues = false;
    int rows = 0;
    for (Token t : tokens) {
      if (t.type() == TokenType.LPAREN) {
        if (inValues && depth == 0) {
          rows++;
        }
        depth++;
      } else if (t.type() == TokenType.RPAREN) {
        depth--;
      } else if (depth == 0 && t.isWord(sql, "values")) {
        inValues = true;
      } else if (depth == 0 && inValues && t.type() != TokenType.COMMA) {
        inValues = false; // ON CONFLICT, RETURNING …: the list has ended
      }
    }
    return rows;
  }

  private static boolean hasTopLevel(String sql, List<Token> tokens, String word) {
    int depth = 0;
    for (Token t : tokens) {
      if (t.type() == TokenType.LPAREN) {
        depth++;
      } else if (t.type() == TokenType.RPAREN) {
        depth--;
      } else if (depth == 0 && t.isWord(sql, word)) {
        return true;
      }
    }
    return false;
  }

  /** A best-effort node type from the first keyword, for when nothing better is known. */
  static String kind(String sql, List<Token> tokens) {
    if (tokens.isEmpty()) {
      return "Unknown";
    }
    Token t = tokens.get(0);
    if (t.type() == TokenType.LPAREN) {
      return "SelectStmt";
    }
    return switch (t.text(sql).toLowerCase(Locale.ROOT)) {
      case "select", "with", "values", "table" -> "SelectStmt";
      case "insert" -> "InsertStmt";
      case "update" -> "UpdateStmt";
      case "delete" -> "DeleteStmt";
      case "merge" -> "MergeStmt";
      case "create" -> "CreateStmt";
      case "alter" -> "AlterTableStmt";
      case "drop" -> "DropStmt";
      default -> "Unknown";
    };
  }
}
