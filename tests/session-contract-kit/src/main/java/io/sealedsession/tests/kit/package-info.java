/**
 * The contract kit: the tests every {@link io.sealedsession.core.port.SessionStore} must pass.
 * Start at {@link io.sealedsession.tests.kit.SessionStoreContract}.
 */
@NullMarked
package io.sealedsession.tests.kit;

import org.jspecify.annotations.NullMarked;
