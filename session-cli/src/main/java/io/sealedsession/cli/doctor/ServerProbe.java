package io.sealedsession.cli.doctor;

import io.sealedsession.redis.RedisCommandExecutor;
import io.sealedsession.redis.RedisCommandRejectedException;
import io.sealedsession.redis.RedisReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the checks ask Redis, over {@link RedisCommandExecutor#command}: INFO sections, configuration
 * parameters, ACL users, client lists and keys, each parsed from its {@link RedisReply}. Answers
 * that several checks need (the configuration, ACL users) are asked once.
 *
 * <p>An error reply becomes {@link CannotCheck}, which the check reports as
 * {@link Severity#UNKNOWN}. A server that cannot be reached is not caught here: the
 * {@link io.sealedsession.core.SessionStoreUnavailableException} ends the whole run, because every
 * later check would fail the same way.
 *
 * <p>Not thread-safe; one run of the doctor uses one probe.
 */
final class ServerProbe {

    private final RedisCommandExecutor executor;
    private final Map<String, Optional<String>> config = new HashMap<>();
    private final Map<String, Optional<AclUser>> users = new HashMap<>();
    private final Map<String, Map<String, String>> info = new HashMap<>();

    ServerProbe(RedisCommandExecutor executor) {
        this.executor = executor;
    }

    /**
     * A check could not get the answer it needs: the server refused the command. The message
     * says which command and why, for the report.
     */
    static final class CannotCheck extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CannotCheck(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The server wants a login before any command ({@code NOAUTH}): doctor connected without the
     * credentials it needs, so no check can run and the report would be all UNKNOWN.
     */
    static final class NotLoggedIn extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotLoggedIn(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Sends one command; an error reply becomes {@link CannotCheck}, or {@link NotLoggedIn} when
     * the server wants a login first.
     */
    RedisReply send(Object... words) {
        List<byte[]> command = new ArrayList<>(words.length);
        for (Object word : words) {
            command.add(word instanceof byte[] bytes ? bytes : word.toString().getBytes(StandardCharsets.UTF_8));
        }
        String shown = shownCommand(words);
        try {
            return executor.command(command);
        } catch (RedisCommandRejectedException e) {
            String message = String.valueOf(e.getMessage());
            if (message.contains("NOAUTH")) {
                throw new NotLoggedIn("Redis wants a login before any command (NOAUTH)");
            }
            if (message.contains("NOPERM")) {
                throw new CannotCheck("the user doctor connects as may not run " + shown + " (NOPERM)");
            }
            throw new CannotCheck("the server refused " + shown + ": " + message.replaceFirst("^Redis refused [^:]*: ", ""));
        }
    }

    /** The fields of one {@code INFO} section, such as {@code server}. */
    Map<String, String> info(String section) {
        return info.computeIfAbsent(section, s -> {
            Map<String, String> fields = new LinkedHashMap<>();
            for (String line : text(send("INFO", s)).split("\r?\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("#")) {
                    fields.put(line.substring(0, colon), line.substring(colon + 1).trim());
                }
            }
            return fields;
        });
    }

    /** A configuration parameter's value; empty when this server has no such parameter. */
    Optional<String> config(String name) {
        Optional<String> cached = config.get(name);
        if (cached != null) {
            return cached;
        }
        RedisReply reply = send("CONFIG", "GET", name);
        Optional<String> value = Optional.empty();
        if (reply instanceof RedisReply.Multi multi) {
            List<RedisReply> items = multi.items();
            for (int i = 0; i + 1 < items.size(); i += 2) {
                if (text(items.get(i)).equalsIgnoreCase(name)) {
                    value = Optional.of(text(items.get(i + 1)));
                }
            }
        }
        config.put(name, value);
        return value;
    }

    /** {@code ACL WHOAMI}. */
    String whoAmI() {
        return text(send("ACL", "WHOAMI"));
    }

    /** {@code ACL GETUSER name}; empty when there is no such user. */
    Optional<AclUser> aclUser(String name) {
        Optional<AclUser> cached = users.get(name);
        if (cached != null) {
            return cached;
        }
        RedisReply reply = send("ACL", "GETUSER", name);
        Optional<AclUser> user = reply instanceof RedisReply.Multi multi ? Optional.of(AclUser.parse(name, multi)) : Optional.empty();
        users.put(name, user);
        return user;
    }

    /** {@code ACL LIST}: every user, with the rules Redis keeps for it. */
    List<AclUser> aclUsers() {
        RedisReply reply = send("ACL", "LIST");
        List<AclUser> all = new ArrayList<>();
        if (reply instanceof RedisReply.Multi lines) {
            for (RedisReply line : lines.items()) {
                try {
                    all.add(AclUser.fromAclList(text(line)));
                } catch (IllegalArgumentException e) {
                    throw new CannotCheck("ACL LIST answered a line that does not start with 'user NAME'");
                }
            }
        }
        return all;
    }

    /** {@code CLIENT LIST}, one map of fields per connection. */
    List<Map<String, String>> clients() {
        List<Map<String, String>> clients = new ArrayList<>();
        for (String line : text(send("CLIENT", "LIST")).split("\r?\n")) {
            if (line.isBlank()) {
                continue;
            }
            Map<String, String> fields = new LinkedHashMap<>();
            for (String field : line.trim().split(" ")) {
                int equals = field.indexOf('=');
                if (equals > 0) {
                    fields.put(field.substring(0, equals), field.substring(equals + 1));
                }
            }
            clients.add(fields);
        }
        return clients;
    }

    /**
     * Up to {@code limit} keys matching {@code pattern}, by {@code SCAN}.
     *
     * @return the keys, and whether the scan stopped at the limit before the end
     */
    ScanResult scan(String pattern, int limit) {
        List<byte[]> keys = new ArrayList<>();
        String cursor = "0";
        do {
            RedisReply reply = send("SCAN", cursor, "MATCH", pattern, "COUNT", "1000");
            if (!(reply instanceof RedisReply.Multi page) || page.items().size() != 2
                    || !(page.items().get(1) instanceof RedisReply.Multi batch)) {
                throw new CannotCheck("SCAN answered in a shape it never has: " + describe(reply));
            }
            cursor = text(page.items().get(0));
            for (RedisReply key : batch.items()) {
                if (keys.size() == limit) {
                    return new ScanResult(keys, true);
                }
                keys.add(bytes(key));
            }
        } while (!cursor.equals("0"));
        return new ScanResult(keys, false);
    }

    /** Keys found by {@link #scan}; {@code truncated} when there were more than the limit. */
    record ScanResult(List<byte[]> keys, boolean truncated) {}

    /** {@code TYPE key}, lowercase. */
    String type(byte[] key) {
        return text(send("TYPE", key)).toLowerCase(Locale.ROOT);
    }

    /** {@code PTTL key}: milliseconds left, -1 without expiry, -2 when the key is gone. */
    long pttl(byte[] key) {
        RedisReply reply = send("PTTL", key);
        if (reply instanceof RedisReply.Int number) {
            return number.value();
        }
        throw new CannotCheck("PTTL answered with " + describe(reply) + " instead of an integer");
    }

    /** {@code GET key}; null when the key is gone. */
    byte @Nullable [] get(byte[] key) {
        RedisReply reply = send("GET", key);
        return reply instanceof RedisReply.Bulk bulk ? bulk.value() : null;
    }

    /** {@code ZRANGE key 0 count-1}: the first members of a sorted set. */
    List<byte[]> zrange(byte[] key, int count) {
        RedisReply reply = send("ZRANGE", key, "0", Integer.toString(count - 1));
        List<byte[]> members = new ArrayList<>();
        if (reply instanceof RedisReply.Multi multi) {
            multi.items().forEach(item -> members.add(bytes(item)));
        }
        return members;
    }

    /** The text of a bulk or status reply. */
    static String text(RedisReply reply) {
        return new String(bytes(reply), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(RedisReply reply) {
        if (reply instanceof RedisReply.Bulk bulk) {
            return bulk.value();
        }
        if (reply instanceof RedisReply.Int number) {
            return Long.toString(number.value()).getBytes(StandardCharsets.US_ASCII);
        }
        throw new CannotCheck("Redis answered with " + describe(reply) + " where a string was expected");
    }

    private static String describe(RedisReply reply) {
        // The shape only: a reply may hold a stored value.
        return reply instanceof RedisReply.Multi multi ? "an array of " + multi.items().size()
                : reply instanceof RedisReply.Int ? "an integer"
                : reply instanceof RedisReply.Bulk ? "a string" : "nil";
    }

    /** The command as a report may show it: its name, and the subcommand for container commands. */
    private static String shownCommand(Object[] words) {
        String name = words[0].toString().toUpperCase(Locale.ROOT);
        boolean container = List.of("CONFIG", "ACL", "CLIENT", "INFO").contains(name);
        return container && words.length > 1 && !(words[1] instanceof byte[])
                ? name + " " + words[1].toString().toUpperCase(Locale.ROOT) : name;
    }
}
