package dev.vetro.policy.lexer;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * Tokens packed into int arrays so that scanning allocates one array growth now and then rather
 * than one object per token; {@link #get} materialises a {@link Token} on demand. Views made by
 * {@link #subList} share the arrays. Immutable once the scanner is done.
 */
public final class TokenList extends AbstractList<Token> implements RandomAccess {

  private static final TokenType[] TYPES = TokenType.values();

  private int[] data;
  private final int from;
  private int size;

  TokenList(int expected) {
    this.data = new int[Math.max(8, expected) * 3];
    this.from = 0;
  }

  private TokenList(int[] data, int from, int size) {
    this.data = data;
    this.from = from;
    this.size = size;
  }

  void add(TokenType type, int start, int end) {
    int at = size * 3;
    if (at + 3 > data.length) {
      data = Arrays.copyOf(data, data.length * 2);
    }
    data[at] = type.ordinal();
    data[at + 1] = start;
    data[at + 2] = end;
    size++;
  }

  void relabelLast(TokenType type) {
    data[(size - 1) * 3] = type.ordinal();
  }

  public TokenType type(int i) {
    checkIndex(i);
    return TYPES[data[(from + i) * 3]];
  }

  public int start(int i) {
    checkIndex(i);
    return data[(from + i) * 3 + 1];
  }

  public int end(int i) {
    checkIndex(i);
    return data[(from + i) * 3 + 2];
  }

  @Override
  public Token get(int i) {
    return new Token(type(i), start(i), end(i));
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public TokenList subList(int fromIndex, int toIndex) {
    if (fromIndex < 0 || toIndex > size || fromIndex > toIndex) {
      throw new IndexOutOfBoundsException("subList(" + fromIndex + ", " + toIndex + ") of " + size);
    }
    return new TokenList(data, from + fromIndex, toIndex - fromIndex);
  }

  /** A list view of any token list, packed or not, so callers can use the fast accessors. */
  static TokenList of(java.util.List<Token> tokens) {
    if (tokens instanceof TokenList list) {
      return list;
    }
    TokenList copy = new TokenList(tokens.size());
    for (Token t : tokens) {
      copy.add(t.type(), t.start(), t.end());
    }
    return copy;
  }

  private void checkIndex(int i) {
    if (i < 0 || i >= size) {
      throw new IndexOutOfBoundsException("token " + i + " of " + size);
    }
  }
}
