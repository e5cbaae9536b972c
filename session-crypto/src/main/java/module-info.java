/**
 * Sealing of session records with Tink AEAD keysets, keyed principal hashing, keyring files and
 * key rotation.
 *
 * <p>Exported: {@code io.sealedsession.crypto}. No Tink type appears in its API; the
 * {@code internal} package is not exported.
 *
 * <p>Tink has no module descriptor: it is required under its automatic module name,
 * {@code com.google.crypto.tink}.
 */
@SuppressWarnings("requires-automatic")
module io.sealedsession.crypto {
    requires transitive io.sealedsession.core;
    requires com.google.crypto.tink;
    requires com.google.gson;
    requires org.slf4j;
    requires static org.jspecify;

    exports io.sealedsession.crypto;
}
