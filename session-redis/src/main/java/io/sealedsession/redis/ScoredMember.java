package io.sealedsession.redis;

import java.util.Arrays;

/**
 * One member of a sorted set with its score, as {@code ZRANGEBYSCORE ... WITHSCORES} returns it.
 *
 * @param member the member's bytes; the array belongs to whoever received this value
 * @param score the score
 */
public record ScoredMember(byte[] member, double score) {

    @Override
    public boolean equals(Object other) {
        return other instanceof ScoredMember that
                && Double.compare(score, that.score) == 0
                && Arrays.equals(member, that.member);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(member) * 31 + Double.hashCode(score);
    }

    @Override
    public String toString() {
        return "ScoredMember[" + member.length + " bytes, score=" + score + "]";
    }
}
