package io.sealedsession.benchmarks;

import io.sealedsession.benchmarks.sidebyside.SideBySide;
import java.util.Arrays;

/**
 * {@code java -jar benchmarks.jar [options]} runs the side-by-side table;
 * {@code java -jar benchmarks.jar jmh [JMH options]} runs the JMH benchmarks (micro and store).
 */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            org.openjdk.jmh.Main.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        SideBySide.main(args);
    }
}
