package dev.vetro.policy.lexer;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The shape of a statement, independent of its literal values, spacing, comments and keyword
 * case: the key for decision caching and for grouping events. Literals and parameters become
 * {@code ?}, a minus sign directly applied to a number is folded into it (as PostgreSQL's
 * grammar does), {@code !=} is spelled {@code <>} (as PostgreSQL stores it), and an IN list of
 * only placeholders collapses to {@code in (?)} so that list length does not split the cache.
 * Spacing is re-derived from token types alone so {@code a=1} and {@code a = 1} match.
 */
public record Fingerprint(String normalized, long hash) {

    private static final Set<String> SPACE_BEFORE_PAREN = Set.of(
            "in", "values", "as", "exists", "and", "or", "not", "from", "join", "on", "using", "where",
            "select", "with", "any", "all", "some", "into", "over", "filter", "within", "lateral", "union",
            "intersect", "except", "returning", "by", "set", "then", "else", "when", "case", "table",
            "default", "check", "unique", "is", "like", "between", "do", "return", "limit", "offset");

    /** 16 lower-case hex digits; on the proxy's per-statement path, so no Formatter (regex) here. */
    public String hex() {
        String digits = Long.toHexString(hash);
        return "0000000000000000".substring(digits.length()) + digits;
    }

    public static Fingerprint of(SqlStatement statement) {
        String sql = statement.sql();
        TokenList t = statement.tokenList();
        List<String> texts = new ArrayList<>(t.size());
        List<TokenType> types = new ArrayList<>(t.size());
        for (int i = 0; i < t.size(); i++) {
            TokenType type = t.type(i);
            switch (type) {
                case STRING, NUMBER, PARAM, ERROR -> {
                    if (type == TokenType.NUMBER && foldsMinus(texts, types)) {
                        texts.remove(texts.size() - 1);
                        types.remove(types.size() - 1);
                    }
                    texts.add("?");
                    types.add(TokenType.PARAM);
                }
                case IDENT -> {
                    texts.add(asciiLower(sql, t.start(i), t.end(i)));
                    types.add(type);
                }
                case RPAREN -> {
                    collapseInList(texts, types);
                    texts.add(")");
                    types.add(type);
                }
                default -> {
                    String text = sql.substring(t.start(i), t.end(i));
                    texts.add(type == TokenType.OPERATOR && text.equals("!=") ? "<>" : text);
                    types.add(type);
                }
            }
        }
        String normalized = join(texts, types);
        return new Fingerprint(normalized, fnv1a64(normalized));
    }

    /** A '-' right before a number is a sign when it follows something that cannot end a value. */
    private static boolean foldsMinus(List<String> texts, List<TokenType> types) {
        int last = texts.size() - 1;
        if (last < 0 || types.get(last) != TokenType.OPERATOR || !texts.get(last).equals("-")) {
            return false;
        }
        if (last == 0) {
            return true;
        }
        return switch (types.get(last - 1)) {
            case OPERATOR, LPAREN, LBRACKET, COMMA, CAST, COLON -> true;
            case IDENT -> SPACE_BEFORE_PAREN.contains(texts.get(last - 1));
            default -> false;
        };
    }

    /** Turns a trailing {@code in ( ? , ? , ... ?} (RPAREN not yet added) into {@code in ( ?}. */
    private static void collapseInList(List<String> texts, List<TokenType> types) {
        int k = texts.size() - 1;
        int items = 0;
        while (k >= 0 && types.get(k) == TokenType.PARAM) {
            items++;
            k--;
            if (k >= 0 && types.get(k) == TokenType.COMMA) {
                k--;
            } else {
                break;
            }
        }
        if (items < 2 || k < 1 || types.get(k) != TokenType.LPAREN || !texts.get(k - 1).equals("in")) {
            return;
        }
        while (texts.size() > k + 2) {
            texts.remove(texts.size() - 1);
            types.remove(types.size() - 1);
        }
    }

    private static String join(List<String> texts, List<TokenType> types) {
        StringBuilder b = new StringBuilder(texts.size() * 6);
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0 && spaced(types.get(i - 1), texts.get(i - 1), types.get(i))) {
                b.append(' ');
            }
            b.append(texts.get(i));
        }
        return b.toString();
    }

    private static boolean spaced(TokenType prev, String prevText, TokenType cur) {
        switch (cur) {
            case COMMA, RPAREN, RBRACKET, DOT, SEMICOLON, CAST, LBRACKET:
                return false;
            default:
                break;
        }
        switch (prev) {
            case LPAREN, LBRACKET, DOT, CAST:
                return false;
            default:
                break;
        }
        if (cur == TokenType.LPAREN) {
            return !(prev == TokenType.QUOTED_IDENT || prev == TokenType.IDENT && !SPACE_BEFORE_PAREN.contains(prevText));
        }
        return true;
    }

    private static String asciiLower(String sql, int start, int end) {
        for (int k = start; k < end; k++) {
            char c = sql.charAt(k);
            if (c >= 'A' && c <= 'Z') {
                char[] out = sql.substring(start, end).toCharArray();
                for (int m = k - start; m < out.length; m++) {
                    if (out[m] >= 'A' && out[m] <= 'Z') {
                        out[m] = (char) (out[m] + 32);
                    }
                }
                return new String(out);
            }
        }
        return sql.substring(start, end);
    }

    private static long fnv1a64(String s) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            h ^= c & 0xff;
            h *= 0x100000001b3L;
            h ^= c >>> 8;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
