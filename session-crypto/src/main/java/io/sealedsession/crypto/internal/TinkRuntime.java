package io.sealedsession.crypto.internal;

import com.google.crypto.tink.Configuration;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.prf.PrfConfig;
import io.sealedsession.crypto.KeysetException;
import java.security.GeneralSecurityException;
import org.jspecify.annotations.Nullable;

/**
 * Registers Tink's AEAD and PRF key types once per JVM, before anything parses, generates or uses
 * a keyset. Tink's registry is global and registration is idempotent, but doing it in one place
 * keeps every entry point from having to remember it.
 */
public final class TinkRuntime {

    private static volatile @Nullable Configuration configuration;

    private TinkRuntime() {}

    /** The configuration to build primitives with, registering key types on first use. */
    public static Configuration configuration() {
        Configuration ready = configuration;
        if (ready != null) {
            return ready;
        }
        synchronized (TinkRuntime.class) {
            if (configuration == null) {
                try {
                    AeadConfig.register();
                    PrfConfig.register();
                    configuration = RegistryConfiguration.get();
                } catch (GeneralSecurityException e) {
                    throw new KeysetException("Tink could not register its AEAD and PRF key types", e);
                }
            }
            return configuration;
        }
    }
}
