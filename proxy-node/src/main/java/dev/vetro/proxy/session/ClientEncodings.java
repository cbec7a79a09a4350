package dev.vetro.proxy.session;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * PostgreSQL client_encoding names → Java charsets, so the proxy reads SQL text as the server will.
 * Getting this right is a security matter, not cosmetics: in SJIS, BIG5, GBK, UHC, GB18030 and
 * JOHAB the second byte of a character may be 0x5C (backslash) or another ASCII byte, and reading
 * such text as UTF-8 would put string boundaries somewhere else than the server does.
 */
public final class ClientEncodings {
  private static final Map<String, String> JAVA_NAMES =
      Map.ofEntries(
          Map.entry("UTF8", "UTF-8"),
          Map.entry("UNICODE", "UTF-8"),
          Map.entry(
              "SQL_ASCII",
              "ISO-8859-1"), // bytes as they are; the server does not interpret them either
          Map.entry("LATIN1", "ISO-8859-1"),
          Map.entry("LATIN2", "ISO-8859-2"),
          Map.entry("LATIN3", "ISO-8859-3"),
          Map.entry("LATIN4", "ISO-8859-4"),
          Map.entry("LATIN5", "ISO-8859-9"),
          Map.entry("LATIN7", "ISO-8859-13"),
          Map.entry("LATIN9", "ISO-8859-15"),
          Map.entry("ISO_8859_5", "ISO-8859-5"),
          Map.entry("ISO_8859_6", "ISO-8859-6"),
          Map.entry("ISO_8859_7", "ISO-8859-7"),
          Map.entry("ISO_8859_8", "ISO-8859-8"),
          Map.entry("WIN1250", "windows-1250"),
          Map.entry("WIN1251", "windows-1251"),
          Map.entry("WIN1252", "windows-1252"),
          Map.entry("WIN1253", "windows-1253"),
          Map.entry("WIN1254", "windows-1254"),
          Map.entry("WIN1255", "windows-1255"),
          Map.entry("WIN1256", "windows-1256"),
          Map.entry("WIN1257", "windows-1257"),
          Map.entry("WIN1258", "windows-1258"),
          Map.entry("WIN866", "IBM866"),
          Map.entry("WIN874", "x-windows-874"),
          Map.entry("KOI8R", "KOI8-R"),
          Map.entry("KOI8U", "KOI8-U"),
          Map.entry("EUC_JP", "EUC-JP"),
          Map.entry("EUC_JIS_2004", "EUC-JP"),
          Map.entry("EUC_KR", "EUC-KR"),
          Map.entry("EUC_CN", "GB2312"),
          Map.entry("EUC_TW", "x-EUC-TW"),
          // Not ASCII-safe: trail bytes overlap ASCII. SJIS in PostgreSQL is Microsoft's variant.
          Map.entry("SJIS", "windows-31j"),
          Map.entry("SHIFT_JIS_2004", "windows-31j"),
          Map.entry("BIG5", "Big5"),
          Map.entry("GBK", "GBK"),
          Map.entry("UHC", "x-windows-949"),
          Map.entry("GB18030", "GB18030"),
          Map.entry("JOHAB", "x-Johab"));

  private ClientEncodings() {}

  /**
   * The charset for a client_encoding as the server reports it. Unknown names read as ISO-8859-1,
   * which keeps every byte and so every ASCII quote and backslash where the server sees it in any
   * ASCII-safe encoding (all the ones PostgreSQL has beyond the table above).
   */
  public static Charset forName(String clientEncoding) {
    String java = JAVA_NAMES.get(clientEncoding.toUpperCase(Locale.ROOT));
    if (java == null || !Charset.isSupported(java)) {
      return StandardCharsets.ISO_8859_1;
    }
    return Charset.forName(java);
  }
}
