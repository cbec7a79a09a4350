package dev.vetro.launcher;

import dev.vetro.api.ApiConfig;
import dev.vetro.api.ApiServer;
import dev.vetro.proxy.ProxyServer;
import dev.vetro.proxy.ProxyStartException;
import dev.vetro.proxy.config.ConfigException;
import dev.vetro.proxy.config.ProxyConfig;
import dev.vetro.proxy.wiring.NodeWiring;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code bin/vetro all-in-one}, the embedded default: the control plane (H2 journal in
 * VETRO_DATA_DIR) and the proxy in one process, each with its own single-node cluster. When a key
 * and database id are given, the proxy takes its policy from the co-located API; otherwise from
 * VETRO_POLICY_FILE or the default catalog, as {@code bin/vetro proxy} does.
 */
final class AllInOne {
  private AllInOne() {}

  static int run(Map<String, String> env) {
    ProxyConfig proxyConfig;
    ApiConfig apiConfig;
    try {
      proxyConfig = ProxyConfig.fromEnv(env); // checked before the API starts
      apiConfig = ApiConfig.fromEnv(env);
    } catch (ConfigException | IllegalArgumentException e) {
      System.err.println("vetro all-in-one: configuration error: " + e.getMessage());
      return 2;
    }
    ApiServer.Handle api = ApiServer.start(apiConfig);
    Map<String, String> proxyEnv = new HashMap<>(env);
    if (!env.containsKey("VETRO_API_URL")
        && env.containsKey("VETRO_API_KEY")
        && env.containsKey("VETRO_DATABASE_ID")) {
      proxyEnv.put("VETRO_API_URL", "http://127.0.0.1:" + api.boundPort());
    }
    ProxyServer proxy;
    try {
      proxyConfig = ProxyConfig.fromEnv(proxyEnv); // now with the co-located API's address
      proxy = ProxyServer.start(proxyConfig, NodeWiring.fromConfig(proxyConfig));
    } catch (ConfigException e) {
      api.shutdown();
      System.err.println("vetro all-in-one: configuration error: " + e.getMessage());
      return 2;
    } catch (ProxyStartException e) {
      api.shutdown();
      System.err.println(e.getMessage());
      return 1;
    }
    // The proxy drains on SIGTERM through its own shutdown hook; the API follows it down.
    Runtime.getRuntime().addShutdownHook(new Thread(api::shutdown, "vetro-api-shutdown"));
    proxy.whenTerminated().join();
    return 0;
  }
}
