package io.sealedsession.jedis.internal;

import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Runs each command on a connection borrowed from a pool (one server, or the master behind
 * Sentinel), and a marked write's {@code WAIT} on the same connection before returning it (see
 * {@link ReplicaWait}). Never re-sends a command. Thread-safe.
 */
public final class SingleNodeExecutor implements CommandExecutor {

    private final ConnectionProvider provider;

    public SingleNodeExecutor(ConnectionProvider provider) {
        this.provider = provider;
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        try (Connection connection = provider.getConnection(command.getArguments())) {
            T result = connection.executeCommand(command);
            ReplicaWait.afterCommand(connection, command, result);
            return result;
        }
    }

    @Override
    public void close() {
        // The provider is closed by its owner, the executor that made both.
    }
}
