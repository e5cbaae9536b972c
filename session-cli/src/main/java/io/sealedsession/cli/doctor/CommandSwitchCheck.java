package io.sealedsession.cli.doctor;

import io.sealedsession.cli.doctor.ServerProbe.CannotCheck;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code debug-command} and {@code module-command}: a command that Redis 7 lets the configuration
 * switch off ({@code enable-debug-command}, {@code enable-module-command}) should be off. The two
 * checks differ only in their words, so one class makes both.
 */
final class CommandSwitchCheck extends AbstractCheck {

    private final String parameter;
    private final String command;
    private final String fix;

    private CommandSwitchCheck(String id, String parameter, String command, String why, String fix) {
        super(id, why);
        this.parameter = parameter;
        this.command = command;
        this.fix = fix;
    }

    /** {@code debug-command}: {@code enable-debug-command}. */
    static CommandSwitchCheck debug() {
        return new CommandSwitchCheck("debug-command", "enable-debug-command", "DEBUG",
                "DEBUG can crash the server, stall it (DEBUG SLEEP), read and change its internals and stop active"
                        + " expiry; it is meant for Redis developers, and every user allowed @admin or +debug can use it.",
                "enable-debug-command no in redis.conf (it cannot be changed at run time), then restart.");
    }

    /** {@code module-command}: {@code enable-module-command}. */
    static CommandSwitchCheck module() {
        return new CommandSwitchCheck("module-command", "enable-module-command", "MODULE",
                "MODULE LOAD runs native code from a file on the server: a user allowed to load modules owns the machine,"
                        + " whatever the ACL says about keys.",
                "enable-module-command no in redis.conf (it cannot be changed at run time), then restart; load the"
                        + " modules you need with loadmodule lines instead.");
    }


    @Override
    public List<Finding> run(Audit audit) {
        Optional<String> value = audit.probe().config(parameter);
        if (value.isEmpty()) {
            return List.of(finding(Severity.WARNING, "This Redis has no " + parameter + " setting (it came in"
                    + " 7.0): " + command + " is always enabled.", "Upgrade to a supported Redis line; see the"
                    + " version check."));
        }
        return switch (value.get().toLowerCase(Locale.ROOT)) {
            case "no" -> List.of(ok(parameter + " is no."));
            case "local" -> List.of(finding(Severity.WARNING, parameter + " is local: " + command
                    + " works for any connection from this machine.", fix));
            default -> List.of(finding(Severity.WARNING, parameter + " is " + value.get() + ": " + command
                    + " works for every user allowed to run it, from anywhere.", fix));
        };
    }

    @Override
    public Finding refused(Audit audit, CannotCheck reason) {
        return unknown(parameter, reason, "+config|get");
    }
}
