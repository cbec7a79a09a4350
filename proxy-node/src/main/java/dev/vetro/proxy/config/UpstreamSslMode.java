package dev.vetro.proxy.config;

/**
 * How the proxy protects its hop to PostgreSQL; the names are libpq's so operators recognise them.
 */
public enum UpstreamSslMode {
  DISABLE("disable"),
  /** Encrypt, but trust any certificate: protects against sniffing, not against impersonation. */
  REQUIRE("require"),
  /** Verify the chain against the configured roots and the certificate's name against the host. */
  VERIFY_FULL("verify-full");

  private final String envValue;

  UpstreamSslMode(String envValue) {
    this.envValue = envValue;
  }

  public String envValue() {
    return envValue;
  }

  public boolean encrypted() {
    return this != DISABLE;
  }

  static UpstreamSslMode parse(String name, String value) {
    for (UpstreamSslMode mode : values()) {
      if (mode.envValue.equals(value)) {
        return mode;
      }
    }
    throw new ConfigException(
        name
            + "='"
            + value
            + "' is not one of disable, require, verify-full"
            + " (allow, prefer and verify-ca are not supported: they would silently weaken the hop)");
  }
}
