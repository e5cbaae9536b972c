package io.sealedsession.redis.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ScriptsTest {

    private static final List<LuaScript> ALL = List.of(Scripts.REPLACE, Scripts.INDEX, Scripts.UNINDEX);
    private static final Pattern CALL = Pattern.compile("redis\\.call\\('([A-Z]+)', ([^,)]+)");

    @Test
    void everyRedisCallWhenScriptedThenOnTheDeclaredKeyOnly() {
        // One declared key per script keeps it on one Cluster slot and inside an ACL key pattern.
        for (LuaScript script : ALL) {
            Matcher call = CALL.matcher(script.source());
            int calls = 0;
            while (call.find()) {
                calls++;
                assertThat(call.group(2)).as(script.name() + " " + call.group(1)).isEqualTo("KEYS[1]");
            }
            assertThat(calls).as(script.name()).isPositive();
            assertThat(script.source()).doesNotContain("KEYS[2]");
        }
    }

    @Test
    void sha1WhenComputedThenLowercaseHexOfSource() {
        assertThat(LuaScript.of("t", "return 1").sha1()).isEqualTo("e0e1f9fabfc9d4800c877a703b823ac0578ff8db");
        assertThat(ALL).extracting(LuaScript::sha1).doesNotHaveDuplicates().allMatch(s -> s.matches("[0-9a-f]{40}"));
    }

    @Test
    void replaceWhenReadThenNeverCreatesAMissingKey() {
        String source = Scripts.REPLACE.source();
        assertThat(source.indexOf("if not current then")).isLessThan(source.indexOf("'SET'"));
    }
}
