package io.sealedsession.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The one rule for a namespace, shared by the session manager (which binds records to it) and by
 * every store (which prefixes its keys with it), so that a value one accepts the other accepts
 * too: 1 to 64 characters from {@code [A-Za-z0-9._-]}. Such a value needs no escaping in a Redis
 * key or pattern, holds no hash-tag brace, and reads the same in logs. Stateless.
 */
public final class Namespace {

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private Namespace() {}

    /**
     * @return {@code namespace}, when it follows the rule
     * @throws IllegalArgumentException otherwise, showing the value with unprintable characters replaced
     */
    public static String requireValid(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        if (!VALID.matcher(namespace).matches()) {
            StringBuilder shown = new StringBuilder();
            namespace.chars().limit(80).forEach(c -> shown.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
            throw new IllegalArgumentException("a namespace has 1 to 64 characters from [A-Za-z0-9._-], but was \""
                    + shown + (namespace.length() > 80 ? "…" : "") + "\" (" + namespace.length() + " characters)");
        }
        return namespace;
    }
}
