package dev.vetro.loadtest.api;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code loadtest/bin/api-load}: api-node in its own JVM (fresh data directory, embedded H2), an
 * account made over the API, then Gatling against {@code POST /api/v1/proxy/query}: a warm-up, a
 * constant arrival rate, and a step-up to find the knee. Writes a markdown summary.
 */
public final class ApiLoad {
    private ApiLoad() {}

    public static void main(String[] args) throws Exception {
        ApiLoadOptions o = ApiLoadOptions.parse(args);
        Path work = o.workDir().resolve("run-" + System.currentTimeMillis());
        Instant started = Instant.now();
        List<ApiLoadReport.Phase> phases = new ArrayList<>();
        ApiLoadReport.History history;
        try (ApiNodeProcess node = ApiNodeProcess.start(work.resolve("data"), o.apiJvmOptions())) {
            ApiAccount account = ApiAccount.create(node.baseUrl());
            System.out.println("api-node pid " + node.pid() + " at " + node.baseUrl() + ", database " + account.databaseId());
            Path results = work.resolve("gatling");
            if (o.warmupSeconds() > 0) {
                phase(node, account, results, "warm-up", o.warmupRate(), o.warmupSeconds());
            }
            if (o.constantSeconds() > 0) {
                phases.add(phase(node, account, results, "constant", o.rate(), o.constantSeconds()));
            }
            for (int rate : o.steps()) {
                phases.add(phase(node, account, results, "step", rate, o.stepSeconds()));
            }
            history = ApiLoadReport.History.read(account);
        }
        String report = ApiLoadReport.markdown(o, phases, history, started);
        Files.createDirectories(o.out().toAbsolutePath().getParent());
        Files.writeString(o.out(), report);
        System.out.println();
        System.out.println(report);
        System.out.println("report: " + o.out().toAbsolutePath());
        System.exit(0); // Gatling leaves non-daemon threads behind
    }

    private static ApiLoadReport.Phase phase(ApiNodeProcess node, ApiAccount account, Path results, String name, int rate,
            int seconds) {
        long cpuBefore = ProcessCpuTime.nanos(node.pid());
        GatlingRun.Result r = GatlingRun.run(
                new ProxyQuerySimulation.Params(node.baseUrl(), account.apiKey(), account.databaseId(), rate, seconds),
                results, name + "-" + rate);
        long cpuAfter = ProcessCpuTime.nanos(node.pid());
        long cpu = cpuBefore < 0 || cpuAfter < 0 ? -1 : cpuAfter - cpuBefore;
        return new ApiLoadReport.Phase(name, rate, seconds, r.stats(), cpu, loadAverage());
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }
}
