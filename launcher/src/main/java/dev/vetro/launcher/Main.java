package dev.vetro.launcher;

import java.util.Arrays;

/** Entry point of bin/vetro: one runnable artifact, a subcommand picks the role. */
public final class Main {
  private static final String USAGE =
      """
      usage: vetro <command> [args]

        all-in-one  proxy + control plane in one process (the embedded default; env vars, see README)
        proxy   run the PostgreSQL firewall proxy (configured by env vars, see README)
        api     run the control plane and evaluation API (VETRO_API_PORT, default 8080)
        check   judge SQL files offline: check [--dialect postgres|mysql] [--policy FILE]
                [--format text|json|sarif|gitlab] [--changed [BASE]] PATH...|-
                (exit 0 clean, 1 blocked, 2 usage/IO error)
        healthcheck [URL]  exit 0 when URL answers 2xx (default: the proxy's /readyz on
                PROXY_ADMIN_PORT, 9187); for container health checks without a shell
        help    this text
      """;

  private Main() {}

  public static void main(String[] args) throws Exception {
    String cmd = args.length == 0 ? "help" : args[0];
    String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
    switch (cmd) {
      case "all-in-one" -> System.exit(AllInOne.run(System.getenv()));
      case "proxy" -> dev.vetro.proxy.ProxyMain.main(rest);
      case "api" -> dev.vetro.api.ApiMain.main(rest);
      case "check" ->
          System.exit(
              dev.vetro.policy.cli.CheckCommand.run(rest, System.in, System.out, System.err));
      case "healthcheck" -> System.exit(HealthCheck.run(rest, System.getenv()));
      case "help", "-h", "--help" -> System.out.print(USAGE);
      default -> {
        System.err.println("vetro: unknown command '" + cmd + "'");
        System.err.print(USAGE);
        System.exit(2);
      }
    }
  }
}
