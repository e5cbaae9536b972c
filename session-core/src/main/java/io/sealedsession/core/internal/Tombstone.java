package io.sealedsession.core.internal;

import io.sealedsession.core.SessionKey;
import java.util.Objects;

/**
 * What a rotation leaves under the old key: the key the session moved to, and whether a late
 * request that still holds the old token may follow it.
 *
 * <p>A tombstone is sealed like a record and bound to the old key, so nobody without the keyring
 * can write one that a manager follows. It names a key, never a token: following it lets a late
 * request save into, or end, the rotated session, but never open it for a client.
 *
 * @param next the key of the record the session moved to
 * @param followable true for a periodic renewal (late saves follow it), false for a sign-in or
 *     privilege change (late saves are refused; late ends still follow it)
 */
public record Tombstone(SessionKey next, boolean followable) {

    public Tombstone {
        Objects.requireNonNull(next, "next");
    }
}
