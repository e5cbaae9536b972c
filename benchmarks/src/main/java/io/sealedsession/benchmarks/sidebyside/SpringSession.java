package io.sealedsession.benchmarks.sidebyside;

import io.sealedsession.benchmarks.support.Content;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.session.Session;
import org.springframework.session.SessionRepository;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Spring Session Data Redis's {@link RedisSessionRepository}, set up as Spring Boot sets it up by
 * default: a Lettuce connection factory, a {@code RedisTemplate} with string keys and hash keys and
 * JDK serialization for values, namespace {@code spring:session}, a 30-minute timeout, flush on
 * save. A request is what {@code SessionRepositoryFilter} does: find by id, set the last access
 * time, (change an attribute,) save.
 */
final class SpringSession implements Contender {

    private final LettuceConnectionFactory factory;
    private final SessionRepository<Session> repository;
    private final String[] ids;

    SpringSession(int port, int sessions, List<String> notes, String[] csrf) {
        this.factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port));
        factory.afterPropertiesSet();
        factory.start();
        RedisTemplate<String, Object> template = new RedisTemplate<>();
        template.setKeySerializer(RedisSerializer.string());
        template.setHashKeySerializer(RedisSerializer.string());
        template.setConnectionFactory(factory);
        template.setBeanClassLoader(SpringSession.class.getClassLoader());
        template.afterPropertiesSet();
        RedisSessionRepository redisRepository = new RedisSessionRepository(template);
        redisRepository.setDefaultMaxInactiveInterval(Duration.ofMinutes(30));
        this.repository = generic(redisRepository);
        this.ids = new String[sessions];
        for (int i = 0; i < sessions; i++) {
            Session session = repository.createSession();
            session.setAttribute("user", Content.user(i));
            session.setAttribute("csrf", csrf[i % csrf.length]);
            session.setAttribute("notes", new ArrayList<>(notes));
            repository.save(session);
            ids[i] = session.getId();
        }
    }

    /** The Redis key of session {@code i}. */
    String key(int i) {
        return "spring:session:sessions:" + ids[i];
    }

    @Override
    public String name() {
        return "Spring Session RedisSessionRepository";
    }

    @Override
    public void read(int i) {
        Session session = find(i);
        session.setLastAccessedTime(Instant.now());
        repository.save(session);
    }

    @Override
    public void write(int i, String csrf) {
        Session session = find(i);
        session.setLastAccessedTime(Instant.now());
        session.setAttribute("csrf", csrf);
        repository.save(session);
    }

    private Session find(int i) {
        Session session = repository.findById(ids[i]);
        if (session == null) {
            throw new IllegalStateException("a benchmark session is gone");
        }
        return session;
    }

    /** As SessionRepositoryFilter holds it: by the interface, over whatever session type it has. */
    @SuppressWarnings("unchecked")
    private static SessionRepository<Session> generic(SessionRepository<? extends Session> repository) {
        return (SessionRepository<Session>) repository;
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
