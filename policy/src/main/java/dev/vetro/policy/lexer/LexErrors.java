package dev.vetro.policy.lexer;

/** Precise messages for {@link TokenType#ERROR} tokens, worded like PostgreSQL's scanner. */
public final class LexErrors {

    private LexErrors() {
    }

    public static String describe(String sql, Token error) {
        if (error.type() != TokenType.ERROR) {
            throw new IllegalArgumentException("not an ERROR token: " + error);
        }
        int p = error.start();
        char c = sql.charAt(p);
        char d = p + 1 < sql.length() ? sql.charAt(p + 1) : '\0';
        String what;
        if (c == '/' && d == '*') {
            what = "unterminated /* comment";
        } else if (c == '$') {
            what = Chars.digit(d) ? "trailing junk after parameter" : "unterminated dollar-quoted string";
        } else if (Chars.digit(c) || c == '.') {
            what = "trailing junk after numeric literal";
        } else if (c == '`') {
            what = "unterminated quoted identifier";
        } else if (c == '"' || (d == '&' && p + 2 < sql.length() && sql.charAt(p + 2) == '"')) {
            String text = error.text(sql);
            what = text.equals("\"\"") || text.equalsIgnoreCase("u&\"\"")
                    ? "zero-length delimited identifier" : "unterminated quoted identifier";
        } else if (c == 'b' || c == 'B') {
            what = "unterminated bit string literal";
        } else if (c == 'x' || c == 'X') {
            what = "unterminated hexadecimal string literal";
        } else {
            what = "unterminated quoted string";
        }
        return what + " at offset " + p;
    }
}
