package io.sealedsession.cli.doctor;

import io.sealedsession.redis.RedisReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The parts of an {@code ACL GETUSER} reply the checks need: the user's flags, its command rules
 * and its key patterns, from the root permissions and from every selector. The password hashes in
 * the reply are not kept.
 *
 * <p>Reads both reply layouts: Redis 7 gives keys as one string ({@code "~ss:* %R~other:*"}) and
 * adds selectors; Redis 6 gives keys as an array of patterns and has the {@code allkeys} and
 * {@code allcommands} flags.
 *
 * @param name the user's name
 * @param flags such as {@code on}, {@code off}, {@code nopass}
 * @param commandRules the command rules of the root permissions and of each selector, such as
 *     {@code "-@all +get +set"}
 * @param keyPatterns every key pattern with its permission prefix, such as {@code "~ss:*"} or
 *     {@code "%R~*"}
 */
record AclUser(String name, Set<String> flags, List<String> commandRules, List<String> keyPatterns) {

    static AclUser parse(String name, RedisReply.Multi reply) {
        List<String> flags = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        readPermissions(reply.items(), flags, commands, keys);
        return new AclUser(name, Set.copyOf(flags), List.copyOf(commands), List.copyOf(keys));
    }

    private static void readPermissions(List<RedisReply> fields, List<String> flags, List<String> commands, List<String> keys) {
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String field = text(fields.get(i));
            RedisReply value = fields.get(i + 1);
            switch (field) {
                case "flags" -> flags.addAll(strings(value));
                case "commands" -> commands.addAll(strings(value));
                case "keys" -> strings(value).forEach(k -> keys.addAll(Arrays.asList(k.trim().split("\\s+"))));
                case "selectors" -> {
                    if (value instanceof RedisReply.Multi selectors) {
                        for (RedisReply selector : selectors.items()) {
                            if (selector instanceof RedisReply.Multi selectorFields) {
                                readPermissions(selectorFields.items(), flags, commands, keys);
                            }
                        }
                    }
                }
                default -> { } // passwords (hashes), channels and anything newer: not needed
            }
        }
        keys.removeIf(String::isEmpty);
    }

    /** Whether the user exists and may log in without a password. */
    boolean enabledWithoutPassword() {
        return flags.contains("on") && flags.contains("nopass");
    }

    boolean enabled() {
        return flags.contains("on");
    }

    /**
     * Whether any key is within reach: a pattern that is exactly {@code *} under any permission
     * ({@code ~*}, {@code %R~*}, {@code %RW~*}..., or Redis 6's bare {@code *}), {@code allkeys},
     * or Redis 6's flag.
     */
    boolean allKeys() {
        if (flags.contains("allkeys")) {
            return true;
        }
        for (String pattern : keyPatterns) {
            // Redis 6 lists bare patterns ("*"), Redis 7 with their permission ("~*", "%R~*").
            if (pattern.equals("allkeys") || pattern.equals("*") || pattern.endsWith("~*")) {
                return true;
            }
        }
        return false;
    }

    /** Whether every command is allowed ({@code +@all} or {@code allcommands}), whatever is subtracted after it. */
    boolean allCommands() {
        if (flags.contains("allcommands")) {
            return true;
        }
        for (String rules : commandRules) {
            for (String rule : rules.trim().split("\\s+")) {
                if (rule.equals("+@all") || rule.equals("allcommands")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> strings(RedisReply value) {
        if (value instanceof RedisReply.Bulk bulk) {
            return List.of(new String(bulk.value(), StandardCharsets.UTF_8));
        }
        List<String> strings = new ArrayList<>();
        if (value instanceof RedisReply.Multi multi) {
            for (RedisReply item : multi.items()) {
                if (item instanceof RedisReply.Bulk bulk) {
                    strings.add(new String(bulk.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return strings;
    }

    private static String text(RedisReply reply) {
        return reply instanceof RedisReply.Bulk bulk ? new String(bulk.value(), StandardCharsets.UTF_8) : "";
    }
}
