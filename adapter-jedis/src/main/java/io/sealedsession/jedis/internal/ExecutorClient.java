package io.sealedsession.jedis.internal;

import redis.clients.jedis.RedisProtocol;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.providers.ConnectionProvider;

/**
 * Jedis's command API on a command executor of this adapter ({@link SingleNodeExecutor},
 * {@link ClusterExecutor}): Jedis builds each command and decodes its reply, the executor decides
 * where it runs and what follows it on the same connection. RESP2, no client-side cache.
 * {@link #close()} closes the executor; the provider is closed by whoever made it.
 */
public final class ExecutorClient extends UnifiedJedis {

    public ExecutorClient(CommandExecutor executor, ConnectionProvider provider) {
        super(executor, provider, RedisProtocol.RESP2, null);
    }
}
