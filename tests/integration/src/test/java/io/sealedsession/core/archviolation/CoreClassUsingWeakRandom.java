package io.sealedsession.core.archviolation;

import java.util.UUID;

/** Breaks the randomness rule on purpose, so that the architecture test can show it bites. */
public class CoreClassUsingWeakRandom {

    public String token() {
        return UUID.randomUUID().toString();
    }
}
