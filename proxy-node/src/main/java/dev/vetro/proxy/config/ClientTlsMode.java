package dev.vetro.proxy.config;

/** Whether clients must reach the proxy over TLS. */
public enum ClientTlsMode {
  /** SSLRequest is answered 'N'; clients stay on plain TCP (a trusted network boundary). */
  DISABLE("disable"),
  /** SSLRequest is answered 'S' and the proxy terminates TLS; a plain StartupMessage is refused. */
  REQUIRE("require");

  private final String envValue;

  ClientTlsMode(String envValue) {
    this.envValue = envValue;
  }

  public String envValue() {
    return envValue;
  }

  static ClientTlsMode parse(String name, String value) {
    for (ClientTlsMode mode : values()) {
      if (mode.envValue.equals(value)) {
        return mode;
      }
    }
    throw new ConfigException(name + "='" + value + "' is not one of disable, require");
  }
}
