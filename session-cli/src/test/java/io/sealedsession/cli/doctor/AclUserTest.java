package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sealedsession.redis.RedisReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading {@code ACL GETUSER} replies of Redis 7 and Redis 6. */
class AclUserTest {

    @Test
    @DisplayName("Redis 7: the default user with nopass, ~* and +@all")
    void redis7OpenDefault() {
        AclUser user = AclUser.parse("default", reply("flags", list("on", "nopass", "sanitize-payload"), "passwords", list(),
                "commands", bulk("+@all"), "keys", bulk("~*"), "channels", bulk("&*"), "selectors", list()));

        assertThat(user.enabledWithoutPassword()).isTrue();
        assertThat(user.allKeys()).isTrue();
        assertThat(user.allCommands()).isTrue();
    }

    @Test
    @DisplayName("Redis 7: a least-privilege user, and one that gets everything through a selector")
    void redis7Selectors() {
        AclUser limited = AclUser.parse("sessions", reply("flags", list("on"), "passwords", list("5e88..."),
                "commands", bulk("-@all +get +set"), "keys", bulk("~ss:* %R~audit:*"), "selectors", list()));
        AclUser viaSelector = AclUser.parse("sneaky", reply("flags", list("on"), "commands", bulk("-@all +get"),
                "keys", bulk("~ss:*"), "selectors", new RedisReply.Multi(List.of(reply("commands", bulk("+@all"), "keys",
                        bulk("%R~*"))))));

        assertThat(limited.enabledWithoutPassword()).isFalse();
        assertThat(limited.allKeys()).isFalse();
        assertThat(limited.allCommands()).isFalse();
        assertThat(limited.keyPatterns()).containsExactly("~ss:*", "%R~audit:*");
        assertThat(viaSelector.allKeys()).isTrue();
        assertThat(viaSelector.allCommands()).isTrue();
    }

    @Test
    @DisplayName("Redis 6: keys as an array of bare patterns, and the allkeys/allcommands flags")
    void redis6() {
        AclUser open = AclUser.parse("default", reply("flags", list("on", "allkeys", "allcommands", "nopass"),
                "passwords", list(), "commands", bulk("+@all"), "keys", list("*")));
        AclUser limited = AclUser.parse("app", reply("flags", list("on"), "passwords", list("hash"),
                "commands", bulk("-@all +get"), "keys", list("ss:*")));

        assertThat(open.allKeys()).isTrue();
        assertThat(open.allCommands()).isTrue();
        assertThat(limited.allKeys()).isFalse();
        assertThat(limited.allCommands()).isFalse();
    }

    @Test
    @DisplayName("a disabled user is neither enabled nor open")
    void disabled() {
        AclUser off = AclUser.parse("default", reply("flags", list("off", "nopass"), "commands", bulk("+@all"), "keys", bulk("~*")));

        assertThat(off.enabled()).isFalse();
        assertThat(off.enabledWithoutPassword()).isFalse();
    }

    private static RedisReply.Multi reply(Object... nameThenValue) {
        List<RedisReply> items = new ArrayList<>();
        for (int i = 0; i < nameThenValue.length; i += 2) {
            items.add(bulk((String) nameThenValue[i]));
            items.add((RedisReply) nameThenValue[i + 1]);
        }
        return new RedisReply.Multi(items);
    }

    private static RedisReply.Multi list(String... values) {
        List<RedisReply> items = new ArrayList<>();
        for (String value : values) {
            items.add(bulk(value));
        }
        return new RedisReply.Multi(items);
    }

    private static RedisReply.Bulk bulk(String value) {
        return new RedisReply.Bulk(value.getBytes(StandardCharsets.UTF_8));
    }
}
