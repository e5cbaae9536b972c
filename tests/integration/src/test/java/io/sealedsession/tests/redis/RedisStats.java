package io.sealedsession.tests.redis;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** What a server reports about its clients and commands, read over a plain {@link RespConnection}. */
public final class RedisStats {

    private RedisStats() {}

    /** The connections open now, from {@code CLIENT LIST}, the asking one included. */
    public static int clientCount(RespConnection admin) {
        return (int) text(admin.call("CLIENT", "LIST")).lines().filter(line -> !line.isBlank()).count();
    }

    /** Waits up to 5 s for {@link #clientCount} to reach {@code expected}: a closed socket leaves the list a moment later. */
    public static void awaitClientCount(RespConnection admin, int expected) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline && clientCount(admin) != expected) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The connections accepted since the server started, {@code total_connections_received} of {@code INFO stats}. */
    public static long connectionsReceived(RespConnection admin) {
        return text(admin.call("INFO", "stats")).lines()
                .filter(line -> line.startsWith("total_connections_received:"))
                .mapToLong(line -> Long.parseLong(line.substring(line.indexOf(':') + 1).trim()))
                .findFirst()
                .orElseThrow();
    }

    /** Calls per command since the server started or stats were reset, from {@code INFO commandstats}, without {@code info}. */
    public static Map<String, Long> commandCalls(RespConnection admin) {
        Map<String, Long> calls = commandStat(admin, "calls");
        calls.remove("info");
        return calls;
    }

    /**
     * One statistic per command from {@code INFO commandstats}, such as {@code calls} or
     * {@code rejected_calls} (commands refused before they ran, such as by the ACL).
     */
    public static Map<String, Long> commandStat(RespConnection admin, String stat) {
        Map<String, Long> values = new TreeMap<>();
        text(admin.call("INFO", "commandstats")).lines().filter(line -> line.startsWith("cmdstat_")).forEach(line -> {
            String name = line.substring("cmdstat_".length(), line.indexOf(':'));
            for (String field : line.substring(line.indexOf(':') + 1).split(",")) {
                if (field.startsWith(stat + "=")) {
                    values.put(name, Long.parseLong(field.substring(stat.length() + 1)));
                }
            }
        });
        return values;
    }

    private static String text(Object reply) {
        return new String((byte[]) reply, StandardCharsets.UTF_8);
    }
}
