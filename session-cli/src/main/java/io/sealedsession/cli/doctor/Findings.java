package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import io.sealedsession.redis.RedisSessionStore;
import io.sealedsession.redis.ScriptingMode;
import java.util.List;
import java.util.stream.Collectors;

/** What the checks' findings have in common: the UNKNOWN finding, lists of examples, the application user's ACL line. */
final class Findings {

    /** Example items listed in a finding at most. */
    static final int EXAMPLES = 3;

    /** What every check that found nothing to change says as its fix. */
    static final String NOTHING_TO_DO = "Nothing to do.";

    private Findings() {}

    /** The check could not run: the server refused {@code permission}, which would let it. */
    static Finding unknown(String id, String subject, CannotCheck reason, String why, String permission) {
        return new Finding(id, Severity.UNKNOWN, "Could not check " + subject + ": " + reason.getMessage() + ".", why,
                "Let doctor's user run it (" + permission + "; see the doctor ACL user in session-cli/README.md), or run"
                        + " doctor as a user that may.");
    }

    /** A finding that is fine, with nothing to do. */
    static Finding ok(String id, String finding, String why) {
        return new Finding(id, Severity.OK, finding, why, NOTHING_TO_DO);
    }

    static String examples(List<String> items) {
        return examples(items, EXAMPLES);
    }

    /** The first {@code limit} items, and how many more there are. */
    static String examples(List<String> items, int limit) {
        String shown = items.stream().limit(limit).collect(Collectors.joining(", "));
        return items.size() > limit ? shown + " and " + (items.size() - limit) + " more" : shown;
    }

    /** The ACL line of a least-privilege user for the store under {@code namespace}. */
    static String appUserCommand(String namespace, String name) {
        return "ACL SETUSER " + name + " on >LONG-RANDOM-PASSWORD resetkeys ~" + namespace + ":* resetchannels"
                + " -@all " + RedisSessionStore.requiredCommands(ScriptingMode.SCRIPTS).stream().map(c -> "+" + c)
                .collect(Collectors.joining(" "));
    }

    /** A number Redis answered as text; anything else means the check cannot read it. */
    static long number(String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw new CannotCheck("Redis answered '" + text + "' where a number was expected");
        }
    }

    static String capitalize(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
