package dev.vetro.launcher;

/** Entry point of bin/vetro: one runnable artifact, a subcommand picks the role. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    String cmd = args.length == 0 ? "help" : args[0];
    switch (cmd) {
      case "help", "-h", "--help" -> usage(0);
      default -> {
        System.err.println("vetro: unknown command '" + cmd + "'");
        usage(2);
      }
    }
  }

  private static void usage(int code) {
    System.err.println("usage: vetro <command>\n  proxy   run the PostgreSQL firewall proxy\n");
    System.exit(code);
  }
}
