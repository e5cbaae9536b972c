package io.sealedsession.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedisClientsTest {

    @Test
    void chooseWhenOneIsPresentThenThatOne() {
        assertThat(RedisClients.choose(null, List.of("jedis"))).isEqualTo("jedis");
        assertThat(RedisClients.choose(null, List.of("redisson"))).isEqualTo("redisson");
        assertThat(RedisClients.choose(null, List.of("lettuce"))).isEqualTo("lettuce");
    }

    @Test
    void chooseWhenSeveralArePresentThenLettuceFirst() {
        assertThat(RedisClients.choose(null, List.of("redisson", "jedis", "lettuce"))).isEqualTo("lettuce");
        assertThat(RedisClients.choose(null, List.of("redisson", "jedis"))).isEqualTo("jedis");
    }

    @Test
    void chooseWhenNoneIsPresentThenLettuceSoTheErrorNamesIt() {
        assertThat(RedisClients.choose(null, List.of())).isEqualTo("lettuce");
    }

    @Test
    void chooseWhenAskedThenThatOneEvenIfAbsent() {
        assertThat(RedisClients.choose("Jedis", List.of("lettuce"))).isEqualTo("jedis");
        assertThat(RedisClients.choose("custom", List.of("custom", "lettuce"))).isEqualTo("custom");
    }

    @Test
    void chooseWhenUnknownNameThenRefused() {
        assertThatThrownBy(() -> RedisClients.choose("memcached", List.of("lettuce")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lettuce, jedis, redisson");
    }
}
