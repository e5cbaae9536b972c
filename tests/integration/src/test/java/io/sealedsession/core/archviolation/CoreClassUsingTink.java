package io.sealedsession.core.archviolation;

import com.google.crypto.tink.Aead;

/** Breaks the hexagon on purpose, so that the architecture test can show its rules bite. */
public class CoreClassUsingTink {

    public Class<?> primitive() {
        return Aead.class;
    }
}
