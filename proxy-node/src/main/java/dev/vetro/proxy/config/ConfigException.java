package dev.vetro.proxy.config;

/**
 * A configuration mistake the operator must fix. ProxyMain prints only the message and exits with
 * code 2, so the message has to name the variable and what is wrong with it.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
