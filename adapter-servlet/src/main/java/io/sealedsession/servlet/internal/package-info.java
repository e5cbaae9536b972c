/**
 * The servlet adapter's moving parts: request, response and session wrappers, the per-request
 * state that decides when to save and which cookie to send, and the built-in token resolvers. Not
 * an API: these types may change in any release.
 */
@NullMarked
package io.sealedsession.servlet.internal;

import org.jspecify.annotations.NullMarked;
