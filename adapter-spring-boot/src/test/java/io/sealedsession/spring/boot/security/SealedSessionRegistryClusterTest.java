package io.sealedsession.spring.boot.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.core.Session;
import io.sealedsession.core.SessionInfo;
import io.sealedsession.core.SessionManager;
import io.sealedsession.spring.boot.SealedSessionsAutoConfiguration;
import io.sealedsession.spring.boot.SealedSessionsSecurityAutoConfiguration;
import io.sealedsession.tests.redis.RedisCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;

/**
 * The session registry Spring's {@code maximumSessions(n)} asks, on a Redis Cluster opened by the
 * starter from {@code sealedsession.redis.uri}: one principal's sessions live on several masters,
 * and the registry lists and ends them all.
 */
class SealedSessionRegistryClusterTest {

    @Test
    @DisplayName("L6 on Cluster the registry lists one principal's sessions across masters, and expireNow ends one there")
    void registryWhenSessionsAreOnSeveralMastersThenListsAndEndsThem() {
        try (RedisCluster cluster = RedisCluster.builder().start()) {
            new WebApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(SealedSessionsAutoConfiguration.class,
                            SealedSessionsSecurityAutoConfiguration.class))
                    .withPropertyValues("sealedsession.keyring.throwaway=true", "sealedsession.redis.uri=" + cluster.uri())
                    .run(context -> {
                        SessionManager manager = context.getBean(SessionManager.class);
                        SessionRegistry registry = context.getBean(SessionRegistry.class);
                        List<Session> sessions = new ArrayList<>();
                        Set<String> masters;
                        do {
                            Session session = manager.create();
                            manager.authenticate(session, "alice");
                            manager.save(session);
                            sessions.add(session);
                            masters = sessions.stream().map(s -> cluster.id(cluster.masterForKey(
                                    "ss:s:{" + s.key().value() + "}"))).collect(Collectors.toSet());
                        } while (masters.size() < 2 && sessions.size() < 16);
                        assertThat(masters).as("masters holding alice's sessions").hasSizeGreaterThanOrEqualTo(2);

                        List<SessionInformation> listed = registry.getAllSessions("alice", false);

                        assertThat(listed).extracting(SessionInformation::getSessionId).containsExactlyInAnyOrderElementsOf(
                                sessions.stream().map(s -> SessionInfo.handleOf(s.key())).toList());
                        Session ended = sessions.get(0);
                        listed.stream().filter(info -> info.getSessionId().equals(SessionInfo.handleOf(ended.key())))
                                .findFirst().orElseThrow().expireNow();
                        assertThat(manager.find(ended.token().revealValue())).isEmpty();
                        assertThat(registry.getAllSessions("alice", false)).hasSize(sessions.size() - 1);
                    });
        }
    }
}
