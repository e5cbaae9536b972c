package io.sealedsession.tests.kit;

import io.sealedsession.core.port.SessionSealer;
import io.sealedsession.crypto.KeyInfo;
import io.sealedsession.crypto.SessionKeyring;

/**
 * The kit's keys: a keyring generated at run time for each test, never a committed one, and the
 * rotation steps the key-rotation tests take.
 */
final class KitKeys {

    private KitKeys() {}

    static SessionKeyring generate() {
        return SessionKeyring.generate();
    }

    static SessionSealer sealer(SessionKeyring keyring) {
        return keyring.sealer();
    }

    /** Adds a key and makes it the primary; the previous primary stays enabled. */
    static SessionKeyring rotate(SessionKeyring keyring) {
        SessionKeyring added = keyring.withNewKey();
        int newest = added.aeadKeys().stream()
                .mapToInt(KeyInfo::id)
                .filter(id -> keyring.aeadKeys().stream().noneMatch(k -> k.id() == id))
                .findFirst()
                .orElseThrow();
        return added.promote(newest);
    }

    /** Retires every key that is not the primary. */
    static SessionKeyring retireAllButPrimary(SessionKeyring keyring) {
        SessionKeyring result = keyring;
        for (KeyInfo key : keyring.aeadKeys()) {
            if (!key.primary()) {
                result = result.retire(key.id());
            }
        }
        return result;
    }
}
