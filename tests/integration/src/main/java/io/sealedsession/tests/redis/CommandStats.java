package io.sealedsession.tests.redis;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The commands a server ran while something happened, read from {@code INFO commandstats} before
 * and after over a plain connection. Redis also counts the commands a Lua script runs inside the
 * server; callers that count round trips say which ones came from the client. The {@code info}
 * calls of this class itself are left out.
 */
public final class CommandStats {

    private CommandStats() {}

    /** Command name (lower case, {@code script|load} style for subcommands) to how often it ran. */
    public static Map<String, Long> during(RespConnection admin, Runnable action) {
        Map<String, Long> before = read(admin);
        action.run();
        Map<String, Long> after = read(admin);
        Map<String, Long> difference = new HashMap<>();
        after.forEach((command, calls) -> {
            long delta = calls - before.getOrDefault(command, 0L);
            if (delta > 0 && !command.equals("info")) {
                difference.put(command, delta);
            }
        });
        return difference;
    }

    private static Map<String, Long> read(RespConnection admin) {
        return parse(new String((byte[]) admin.call("INFO", "commandstats"), StandardCharsets.UTF_8));
    }

    /** Calls per command, read from the text of {@code INFO commandstats}. */
    public static Map<String, Long> parse(String info) {
        Map<String, Long> calls = new HashMap<>();
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String name = line.substring("cmdstat_".length(), line.indexOf(':'));
                String stats = line.substring(line.indexOf(':') + 1);
                for (String field : stats.split(",")) {
                    if (field.startsWith("calls=")) {
                        calls.put(name, Long.parseLong(field.substring("calls=".length())));
                    }
                }
            }
        }
        return calls;
    }
}
