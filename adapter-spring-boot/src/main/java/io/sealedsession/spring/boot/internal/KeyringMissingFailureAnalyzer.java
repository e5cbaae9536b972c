package io.sealedsession.spring.boot.internal;

import io.sealedsession.spring.boot.KeyringMissingException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up that failed for want of a keyring, and the three ways to provide one. */
public final class KeyringMissingFailureAnalyzer extends AbstractFailureAnalyzer<KeyringMissingException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, KeyringMissingException cause) {
        return new FailureAnalysis(
                "Sealed Sessions has no keyring, so it cannot seal sessions: " + cause.getMessage() + ".",
                "Do one of these:\n"
                        + "  - set sealedsession.keyring.location to a keyring file and sealedsession.keyring.kek-location"
                        + " to its key-encryption key (session-cli keyset generate-kek and keyset generate make them; see docs/keys.md);\n"
                        + "  - set sealedsession.keyring.location and define a KeyEncryptionKey bean (a KMS client, for instance);\n"
                        + "  - for a demo only, set sealedsession.keyring.throwaway=true: a keyring that lives in memory, so"
                        + " every session is lost at restart and no two instances share sessions.",
                cause);
    }
}
