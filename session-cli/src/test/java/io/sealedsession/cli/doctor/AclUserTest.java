package io.sealedsession.cli.doctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sealedsession.redis.RedisReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Reading {@code ACL GETUSER} replies of Redis 7 and Redis 6, and rules as {@code ACL LIST} prints them. */
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

    @Test
    @DisplayName("Redis 6: bare patterns are judged against the namespace like Redis 7's")
    void redis6KeysBeyond() {
        AclUser wide = AclUser.parse("app", reply("flags", list("on"), "passwords", list("hash"),
                "commands", bulk("-@all +get +@admin"), "keys", list("ss:*", "s*")));

        assertThat(wide.keysBeyond("ss")).containsExactly("~s*");
        assertThat(wide.dangerousCommands()).extracting(DangerousCommands.Command::shown).contains("CONFIG SET", "MONITOR");
    }

    @Test
    @DisplayName("rules apply in order: nopass, then resetpass and a password; resetkeys; reset; clearselectors")
    void rulesInOrder() {
        AclUser user = AclUser.fromRules("u", List.of("on", "nopass", "~*", "+@all", "(~* +@all)", "resetpass", ">secret",
                "resetkeys", "~ss:*", "-@all", "+get", "clearselectors"));
        AclUser reset = AclUser.fromRules("u", List.of("on", "nopass", "~*", "+@all", "reset"));

        assertThat(user.enabledWithoutPassword()).isFalse();
        assertThat(user.keysBeyond("ss")).isEmpty();
        assertThat(user.dangerousCommands()).isEmpty();
        assertThat(reset.enabled()).isFalse();
        assertThat(reset.keyPatterns()).isEmpty();
        assertThat(reset.dangerousCommands()).isEmpty();
    }

    @Test
    @DisplayName("ACL LIST lines: a selector is one parenthesised word; a line that is not a user is refused")
    void aclListLine() {
        AclUser user = AclUser.fromAclList("user u1 on #30c9 ~ss:* resetchannels -@all +get +config|get (~*:* resetchannels -@all +@admin)");

        assertThat(user.name()).isEqualTo("u1");
        assertThat(user.permissions()).hasSize(2);
        assertThat(user.keysBeyond("ss")).containsExactly("~*:*");
        assertThat(user.dangerousCommands()).extracting(DangerousCommands.Command::shown).contains("CONFIG GET", "CONFIG SET");
        assertThatThrownBy(() -> AclUser.fromAclList("nonsense")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    @DisplayName("an escaped wildcard is a literal character of the pattern")
    void escapedWildcard() {
        // Java "\\*" is the two characters \* of the pattern: a literal star.
        assertThat(AclUser.literalStart("ss:\\*")).isEqualTo("ss:*");
        assertThat(AclUser.literalStart("ss\\*x*")).isEqualTo("ss*x");
        assertThat(AclUser.literalStart("ss[:]*")).isEqualTo("ss");
        assertThat(AclUser.fromRules("u", List.of("on", "~s\\*:*")).keysBeyond("ss")).containsExactly("~s\\*:*");
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
