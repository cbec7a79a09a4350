package dev.vetro.proxy.enforce;

import dev.vetro.policy.CompiledPolicy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The text of each statement this session prepared with an allowed Parse, and the policy it was
 * last judged under, so that a Bind after a policy change is judged again: a statement that was
 * allowed when prepared must not keep running once the policy blocks it.
 *
 * <p>PostgreSQL keeps the statements; this keeps only what re-judging needs (name, text, policy).
 * Bounded per session by {@link #MAX_STATEMENTS} names and {@link #MAX_TEXT_CHARS} characters of
 * text, least recently bound first out. (pgjdbc caches 256 statements per connection by default,
 * psycopg 3 100.) A forgotten statement cannot be re-judged, so after the policy changes a Bind of
 * a name this session does not know is judged as unreadable input (the policy's parse_error,
 * blocked by default) while anything was forgotten under another policy: closed rather than open. A
 * client Close of a statement removes it; the unnamed statement is replaced by every unnamed Parse.
 *
 * <p>Frontend stage only (one thread); not thread-safe.
 */
final class PreparedStatements {
  static final int MAX_STATEMENTS = 1024;
  static final long MAX_TEXT_CHARS = 1L << 20;

  /** Stands for "forgotten under several policies": never identical to a live policy. */
  private static final Object MIXED = new Object();

  /**
   * One prepared name. {@code replaced} is a text prepared earlier under the same name that the
   * server may still hold: a second Parse of a name that exists fails upstream (42P05) and keeps
   * the first statement, and the proxy does not wait for that answer, so both are judged.
   */
  static final class Entry {
    final String sql;
    final String replaced;

    /**
     * The Parse's parameter type OIDs when every Bind must be judged with its values (a WHERE
     * decided by bound parameters only, issue 11 item 7); null for every other statement.
     */
    final List<Integer> bindTypes;

    /** The same for {@code replaced}, which the server may still hold. */
    final List<Integer> replacedBindTypes;

    CompiledPolicy judgedUnder;
    boolean blocked;

    Entry(
        String sql,
        String replaced,
        List<Integer> bindTypes,
        List<Integer> replacedBindTypes,
        CompiledPolicy judgedUnder) {
      this.sql = sql;
      this.replaced = replaced;
      this.bindTypes = bindTypes;
      this.replacedBindTypes = replacedBindTypes;
      this.judgedUnder = judgedUnder;
    }

    /** Every Bind of this name is judged with its values. */
    boolean judgedAtBind() {
      return bindTypes != null || replacedBindTypes != null;
    }

    long chars() {
      return sql.length() + (replaced == null ? 0 : replaced.length());
    }
  }

  private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long chars;

  /** Entries judged at every Bind; while there is one, every Bind is read. */
  private int bindJudged;

  /** The policy every forgotten statement was judged under, {@link #MIXED}, or null if none was. */
  private Object forgottenUnder;

  /** A policy under which no Bind needs a look (see {@link #settledUnder}); null when unknown. */
  private CompiledPolicy settled;

  /**
   * An allowed Parse: the server now holds {@code sql} under {@code name} (or refused a duplicate).
   */
  void prepared(String name, String sql, CompiledPolicy policy) {
    prepared(name, sql, null, policy);
  }

  /**
   * An allowed Parse whose verdict the values of each Bind decide: {@code bindTypes} are its
   * parameter type OIDs (null for an ordinary statement).
   */
  void prepared(String name, String sql, List<Integer> bindTypes, CompiledPolicy policy) {
    if (policy != settled) {
      settled = null;
    }
    if (bindTypes == null) {
      // The common case of drivers that send Parse every time (pgbench -M extended, unnamed
      // statements): the same text again under the same policy. Replacing the entry would leave
      // an equal one in the same place (get() makes it the most recently used, as put() would),
      // so keep it and spare an entry and two map updates per statement.
      Entry same = entries.isEmpty() ? null : entries.get(name);
      if (same != null
          && same.judgedUnder == policy
          && !same.blocked
          && same.replaced == null
          && same.bindTypes == null
          && same.sql.equals(sql)) {
        return;
      }
    }
    Entry previous = entries.remove(name);
    String replaced = null;
    List<Integer> replacedBindTypes = null;
    if (previous != null) {
      forget(previous);
      // The unnamed statement is always replaced; a named one only if the client closed it first
      // (then it is not here any more) or deallocated it in SQL, which the proxy does not follow.
      replaced = name.isEmpty() || previous.sql.equals(sql) ? null : previous.sql;
      replacedBindTypes = replaced == null ? null : previous.bindTypes;
    }
    Entry entry = new Entry(sql, replaced, bindTypes, replacedBindTypes, policy);
    entries.put(name, entry);
    chars += entry.chars();
    if (entry.judgedAtBind()) {
      bindJudged++;
    }
    trim();
  }

  /** {@code entry} was judged again under {@code policy} at a Bind. */
  void rejudged(Entry entry, CompiledPolicy policy, boolean blocked) {
    entry.judgedUnder = policy;
    entry.blocked = blocked;
    settled = null;
  }

  /**
   * True when no Bind needs to be read under {@code current}: every statement kept was judged
   * allowed under it and nothing was forgotten under another. Checked at the start of every Bind,
   * so it is one comparison once settled; after a policy change it walks the statements (at most
   * {@link #MAX_STATEMENTS}) until each has been judged again.
   */
  boolean settledUnder(CompiledPolicy current) {
    if (bindJudged > 0) {
      return false;
    }
    if (settled == current && current != null) {
      return true;
    }
    if (!unknownNameIsSafe(current)) {
      return false;
    }
    for (Entry e : entries.values()) { // iterating does not count as access in LRU order
      if (e.blocked || e.judgedUnder != current) {
        return false;
      }
    }
    settled = current;
    return true;
  }

  /** A blocked Parse: for the unnamed statement the server dropped the previous one. */
  void parseBlocked(String name) {
    if (name.isEmpty()) {
      closed(name);
    }
  }

  /** A client Close of a statement. */
  void closed(String name) {
    Entry gone = entries.remove(name);
    if (gone != null) {
      forget(gone);
    }
  }

  /** Takes a removed entry out of the totals. */
  private void forget(Entry gone) {
    chars -= gone.chars();
    if (gone.judgedAtBind()) {
      bindJudged--;
    }
  }

  /** The entry for {@code name}, now most recently used; null if unknown. */
  Entry get(String name) {
    return entries.isEmpty() ? null : entries.get(name);
  }

  /**
   * Whether a Bind of a name this session does not know may run unjudged under {@code current}: yes
   * unless a statement was forgotten under another policy (it may be that one).
   */
  boolean unknownNameIsSafe(CompiledPolicy current) {
    return forgottenUnder == null || forgottenUnder == current;
  }

  boolean isEmpty() {
    return entries.isEmpty() && forgottenUnder == null;
  }

  int size() {
    return entries.size();
  }

  long chars() {
    return chars;
  }

  private void trim() {
    var it = entries.values().iterator();
    while ((entries.size() > MAX_STATEMENTS || chars > MAX_TEXT_CHARS) && it.hasNext()) {
      Entry eldest = it.next();
      it.remove();
      forget(eldest);
      // A statement forgotten while blocked, or one whose verdict its Binds' values decide, must
      // never run unjudged, whatever the policy.
      Object under = eldest.blocked || eldest.judgedAtBind() ? MIXED : eldest.judgedUnder;
      settled = null;
      forgottenUnder = forgottenUnder == null || forgottenUnder == under ? under : MIXED;
    }
  }
}
