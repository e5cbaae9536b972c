/**
 * The API of Sealed Sessions: {@link io.sealedsession.core.SessionManager} and the session it
 * manages, its policy, its audit events and its exceptions, all rooted in
 * {@link io.sealedsession.core.SessionException}. Nothing here is null unless marked
 * {@code @Nullable}.
 */
@NullMarked
package io.sealedsession.core;

import org.jspecify.annotations.NullMarked;
