package dev.vetro.policy.lexer;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Renders tokens as {@code TYPE:text} so a failing assertion shows the whole reading. */
final class LexAssertions {

  private LexAssertions() {}

  static List<String> lex(String sql, LexOptions options) {
    TokenList t = Lexer.tokenize(sql, options);
    List<String> out = new ArrayList<>(t.size());
    for (Token token : t) {
      out.add(token.type() + ":" + token.text(sql));
    }
    return out;
  }

  static List<String> pg(String sql) {
    return lex(sql, LexOptions.POSTGRES);
  }

  static List<String> pgOldStrings(String sql) {
    return lex(sql, new LexOptions(Dialect.POSTGRES, false));
  }

  static List<String> my(String sql) {
    return lex(sql, LexOptions.MYSQL);
  }

  static List<String> texts(String sql, LexOptions options) {
    return Statements.split(sql, options).stream()
        .map(SqlStatement::text)
        .collect(Collectors.toList());
  }
}
