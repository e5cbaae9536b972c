package io.sealedsession.cli.doctor;

import io.sealedsession.redis.RedisReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One ACL user as Redis applies its rules: whether it is enabled, whether it takes any password
 * ({@code nopass}), and the permissions of its root and of each selector, each a list of key
 * patterns and the command rules in the order Redis applies them.
 *
 * <p>Built from the rules themselves ({@link #fromRules}, {@link #fromAclList} for one line of
 * {@code ACL LIST}) or from an {@code ACL GETUSER} reply ({@link #parse}), which is turned into
 * the same rules first. Both reply layouts are read: Redis 7 gives keys as one string
 * ({@code "~ss:* %R~other:*"}) and adds selectors; Redis 6 gives keys as an array of bare
 * patterns and has the {@code allkeys} and {@code allcommands} flags. Password hashes are
 * counted, never kept.
 *
 * @param name the user's name
 * @param enabled whether the user is {@code on}
 * @param nopass whether any password logs the user in
 * @param permissions the root permissions first, then one per selector
 */
record AclUser(String name, boolean enabled, boolean nopass, List<Permissions> permissions) {

    /**
     * One set of permissions: the user's root ones or one selector's. A command runs when the
     * command rules of one of a user's permissions allow it (and, for commands that name keys,
     * that same permission's key patterns match them).
     *
     * @param keyPatterns key patterns with their permission prefix, such as {@code ~ss:*} or
     *     {@code %R~*}; {@code allkeys} is recorded as {@code ~*}
     * @param commandRules command rules in order, such as {@code -@all}, {@code +get},
     *     {@code +config|get}; {@code allcommands} and {@code nocommands} as {@code +@all} and
     *     {@code -@all}
     */
    record Permissions(List<String> keyPatterns, List<String> commandRules) {

        /** Whether these rules, applied in order, leave {@code command} allowed. */
        boolean allows(DangerousCommands.Command command) {
            boolean allowed = false;
            for (String rule : commandRules) {
                if (rule.length() < 2 || (rule.charAt(0) != '+' && rule.charAt(0) != '-')) {
                    continue;
                }
                boolean add = rule.charAt(0) == '+';
                String target = rule.substring(1).toLowerCase(Locale.ROOT);
                boolean matches;
                if (target.startsWith("@")) {
                    matches = target.equals("@all") || command.categories().contains(target.substring(1));
                } else {
                    int bar = target.indexOf('|');
                    matches = bar < 0 ? target.equals(command.name())
                            : target.substring(0, bar).equals(command.name())
                                    && target.substring(bar + 1).equals(command.subcommand());
                }
                if (matches) {
                    allowed = add;
                }
            }
            return allowed;
        }
    }

    /** Reads an {@code ACL GETUSER} reply by turning its fields back into rules. */
    static AclUser parse(String name, RedisReply.Multi reply) {
        return fromRules(name, rulesOf(reply.items(), true));
    }

    /**
     * Reads one line of {@code ACL LIST}: {@code user NAME RULE...}, where a selector is one
     * parenthesised group such as {@code (~*:* -@all +@admin)}.
     *
     * @throws IllegalArgumentException when the line does not start with {@code user NAME}
     */
    static AclUser fromAclList(String line) {
        List<String> words = words(line);
        if (words.size() < 2 || !words.get(0).equals("user")) {
            throw new IllegalArgumentException("not an ACL LIST line: it does not start with 'user NAME'");
        }
        return fromRules(words.get(1), words.subList(2, words.size()));
    }

    /**
     * Applies ACL rules, in order, to a new user (off, no password, no keys, no commands), as
     * {@code ACL SETUSER NAME RULE...} would. Unknown rules are ignored: they cannot widen what
     * the known ones allow.
     */
    static AclUser fromRules(String name, List<String> rules) {
        boolean enabled = false;
        boolean nopass = false;
        int passwords = 0;
        List<String> keys = new ArrayList<>();
        List<String> commands = new ArrayList<>();
        List<Permissions> selectors = new ArrayList<>();
        for (String rule : rules) {
            String lower = rule.toLowerCase(Locale.ROOT);
            if (rule.startsWith("(") && rule.endsWith(")")) {
                AclUser selector = fromRules(name, words(rule.substring(1, rule.length() - 1)));
                selectors.add(selector.permissions().get(0));
                continue;
            }
            switch (lower) {
                case "on" -> enabled = true;
                case "off" -> enabled = false;
                case "nopass" -> {
                    nopass = true;
                    passwords = 0;
                }
                case "resetpass" -> {
                    nopass = false;
                    passwords = 0;
                }
                case "allkeys" -> keys.add("~*");
                case "resetkeys" -> keys.clear();
                case "allcommands" -> commands.add("+@all");
                case "nocommands" -> commands.add("-@all");
                case "clearselectors" -> selectors.clear();
                case "reset" -> {
                    enabled = false;
                    nopass = false;
                    passwords = 0;
                    keys.clear();
                    commands.clear();
                    selectors.clear();
                }
                default -> {
                    if (rule.startsWith(">") || rule.startsWith("#")) {
                        nopass = false;
                        passwords++;
                    } else if (rule.startsWith("<") || rule.startsWith("!")) {
                        passwords = Math.max(0, passwords - 1);
                    } else if (rule.startsWith("~") || lower.startsWith("%r~") || lower.startsWith("%w~")
                            || lower.startsWith("%rw~")) {
                        keys.add(rule);
                    } else if (rule.startsWith("+") || rule.startsWith("-")) {
                        commands.add(rule);
                    }
                    // channels (&...), allchannels, resetchannels, sanitize-payload: not needed here
                }
            }
        }
        List<Permissions> all = new ArrayList<>();
        all.add(new Permissions(List.copyOf(keys), List.copyOf(commands)));
        all.addAll(selectors);
        return new AclUser(name, enabled, nopass, List.copyOf(all));
    }

    /** Whether the user exists and may log in without a password. */
    boolean enabledWithoutPassword() {
        return enabled && nopass;
    }

    /** Every key pattern of the root permissions and of each selector. */
    List<String> keyPatterns() {
        return permissions.stream().flatMap(p -> p.keyPatterns().stream()).distinct().toList();
    }

    /** Whether a pattern of the user's matches every key ({@code ~*}, {@code %R~*}, {@code allkeys}...). */
    boolean allKeys() {
        return keyPatterns().stream().anyMatch(p -> pattern(p).equals("*"));
    }

    /** Whether some permissions of the user start from every command ({@code +@all} or {@code allcommands}). */
    boolean allCommands() {
        return permissions.stream().anyMatch(p -> p.commandRules().stream().anyMatch("+@all"::equalsIgnoreCase));
    }

    /**
     * The key patterns that match a key outside {@code namespace:}: any pattern whose literal
     * beginning (up to its first {@code *}, {@code ?} or {@code [}) does not start with
     * {@code namespace:}, such as {@code ~*}, {@code ~*:*}, {@code ~s*} for namespace {@code ss},
     * or a pattern naming another prefix. Read-only ({@code %R~}) and write-only patterns count:
     * either reaches data that is not the sessions'.
     */
    List<String> keysBeyond(String namespace) {
        String prefix = namespace + ":";
        return keyPatterns().stream().filter(p -> !literalStart(pattern(p)).startsWith(prefix)).toList();
    }

    /** The dangerous commands that the root permissions or some selector allow, in table order. */
    List<DangerousCommands.Command> dangerousCommands() {
        Set<DangerousCommands.Command> allowed = new LinkedHashSet<>();
        for (DangerousCommands.Command command : DangerousCommands.ALL) {
            for (Permissions p : permissions) {
                if (p.allows(command)) {
                    allowed.add(command);
                }
            }
        }
        return List.copyOf(allowed);
    }

    /** The glob of a key rule, without its permission prefix ({@code ~}, {@code %R~}...). */
    private static String pattern(String keyRule) {
        int tilde = keyRule.indexOf('~');
        return tilde >= 0 && (tilde == 0 || keyRule.startsWith("%")) ? keyRule.substring(tilde + 1) : keyRule;
    }

    /** The characters every key the glob matches starts with: up to the first unescaped wildcard. */
    static String literalStart(String glob) {
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '\\' && i + 1 < glob.length()) {
                literal.append(glob.charAt(++i));
            } else if (c == '*' || c == '?' || c == '[') {
                return literal.toString();
            } else {
                literal.append(c);
            }
        }
        return literal.toString();
    }

    /** Splits rules on spaces, keeping each parenthesised selector as one word. */
    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int depth = 0;
        for (char c : text.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            }
            if (c == ' ' && depth == 0) {
                if (word.length() > 0) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            words.add(word.toString());
        }
        return words;
    }

    /** The rules an {@code ACL GETUSER} reply (or one of its selectors) stands for. */
    private static List<String> rulesOf(List<RedisReply> fields, boolean root) {
        List<String> rules = new ArrayList<>();
        List<String> selectors = new ArrayList<>();
        for (int i = 0; i + 1 < fields.size(); i += 2) {
            String field = text(fields.get(i));
            RedisReply value = fields.get(i + 1);
            switch (field) {
                case "flags" -> rules.addAll(strings(value));
                case "passwords" -> strings(value).forEach(hash -> rules.add("#" + hash));
                case "commands" -> strings(value).forEach(c -> rules.addAll(words(c)));
                case "keys" -> {
                    if (value instanceof RedisReply.Bulk) {
                        strings(value).forEach(k -> rules.addAll(words(k))); // Redis 7: "~a:* %R~b:*"
                    } else {
                        strings(value).forEach(k -> rules.add("~" + k)); // Redis 6: bare patterns
                    }
                }
                case "selectors" -> {
                    if (root && value instanceof RedisReply.Multi list) {
                        for (RedisReply selector : list.items()) {
                            if (selector instanceof RedisReply.Multi selectorFields) {
                                selectors.add("(" + String.join(" ", rulesOf(selectorFields.items(), false)) + ")");
                            }
                        }
                    }
                }
                default -> { } // channels and anything newer: not needed
            }
        }
        rules.addAll(selectors);
        return rules;
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
