package io.sealedsession.redis.internal;

import io.sealedsession.core.Namespace;
import io.sealedsession.core.SessionKey;
import io.sealedsession.core.port.PrincipalKey;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where things live in Redis, for one namespace:
 *
 * <ul>
 *   <li>record: {@code <ns>:s:{<session key>}}</li>
 *   <li>principal index: {@code <ns>:p:{<principal key>}}</li>
 *   <li>lock of a session (opt-in): {@code <ns>:l:{<session key>}}</li>
 *   <li>expiry claim (opt-in watcher): {@code <ns>:e:{<session key>}}</li>
 * </ul>
 *
 * <p>The braces are a Redis Cluster hash tag: only the session key (or principal key) decides the
 * slot, so any companion key added later for a session lands in the same slot as its record.
 * Session and principal keys are base64url and cannot contain braces, so the tag is exactly the
 * key.
 */
public final class KeySchema {


    private final String namespace;

    public KeySchema(String namespace) {
        this.namespace = requireValidNamespace(namespace);
    }

    /**
     * @return the namespace, when it has 1 to 64 characters from {@code [A-Za-z0-9._-]}
     * @throws IllegalArgumentException otherwise
     */
    public static String requireValidNamespace(String namespace) {
        return Namespace.requireValid(namespace);
    }

    public String namespace() {
        return namespace;
    }

    public byte[] recordKey(SessionKey key) {
        return ascii(namespace + ":s:{" + key.value() + "}");
    }

    /** The opt-in lock of a session: in the record's Cluster slot, by the same hash tag. */
    public byte[] lockKey(SessionKey key) {
        return ascii(namespace + ":l:{" + key.value() + "}");
    }

    /**
     * The claim an expiry watcher takes, in the record's slot, so that exactly one instance reports
     * the record's expiry.
     */
    public byte[] expiryClaimKey(SessionKey key) {
        return ascii(namespace + ":e:{" + key.value() + "}");
    }

    /**
     * The session key of a record key of this namespace, or null when {@code redisKey} is not one
     * (another namespace, a lock, an index, a claim).
     */
    public @Nullable SessionKey sessionKeyOfRecord(byte[] redisKey) {
        String text = new String(redisKey, StandardCharsets.US_ASCII);
        String prefix = namespace + ":s:{";
        if (!text.startsWith(prefix) || !text.endsWith("}") || text.length() != prefix.length() + 44) {
            return null;
        }
        try {
            return new SessionKey(text.substring(prefix.length(), text.length() - 1));
        } catch (IllegalArgumentException notAKey) {
            return null;
        }
    }

    public byte[] indexKey(PrincipalKey principal) {
        return ascii(namespace + ":p:{" + principal.value() + "}");
    }

    /** The member under which a session is filed in a principal's index: its key's characters. */
    public static byte[] indexMember(SessionKey key) {
        return ascii(key.value());
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
