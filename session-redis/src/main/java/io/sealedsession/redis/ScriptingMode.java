package io.sealedsession.redis;

/**
 * Whether the store may run Lua scripts on the server.
 *
 * <p>{@link #SCRIPTS} is the default and the only mode in which concurrent writers of one session
 * cannot overwrite each other's changes. {@link #NONE} exists for servers whose ACL denies
 * {@code EVALSHA}; see {@link RedisSessionStore.Builder#withoutScripting()} for what it gives up.
 */
public enum ScriptingMode {
    /** Compare-and-set and index maintenance run as one Lua script each ({@code EVALSHA}). */
    SCRIPTS,
    /** Plain commands only: replace is {@code SET XX}, last writer wins; index writes are sequential commands. */
    NONE
}
