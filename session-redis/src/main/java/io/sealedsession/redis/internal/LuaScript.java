package io.sealedsession.redis.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script with the SHA-1 that Redis will file it under, computed here so that a server
 * answering {@code SCRIPT LOAD} with another digest is noticed.
 *
 * @param name a short name for messages
 * @param source the Lua source
 * @param sha1 the lowercase hex SHA-1 of the source
 * @param writes whether the script writes what replicas must confirm (with durability on, it is
 *     followed by {@code WAIT}); a read that only sets an expiry does not
 */
public record LuaScript(String name, String source, String sha1, boolean writes) {

    /** A script that writes. */
    public static LuaScript of(String name, String source) {
        return new LuaScript(name, source, sha1Hex(source), true);
    }

    /** A script that reads, and at most sets an expiry. */
    public static LuaScript reading(String name, String source) {
        return new LuaScript(name, source, sha1Hex(source), false);
    }

    public byte[] sourceBytes() {
        return source.getBytes(StandardCharsets.UTF_8);
    }

    private static String sha1Hex(String source) {
        try {
            // SHA-1 is what Redis names scripts by; it protects nothing here.
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides SHA-1", e);
        }
    }
}
