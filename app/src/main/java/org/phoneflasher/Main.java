package org.phoneflasher;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.phoneflasher.sim.PhoneSim;
import org.phoneflasher.sim.SampleStick;

/** The command line: serve | check | phone-sim | sample-stick. */
public final class Main {
    private static final String USAGE = "usage: phoneflasher <command> [options]\n\n  " + ServeOptions.USAGE + "\n  " + CheckCommand.USAGE + "\n  "
            + PhoneSim.USAGE + "\n  " + SampleStick.USAGE + "\n";

    private Main() {}

    public static void main(String[] argv) {
        Fatal.install();
        if (argv.length == 0) {
            System.err.print(USAGE);
            System.exit(2);
        }
        List<String> rest = Arrays.asList(argv).subList(1, argv.length);
        try {
            int code = switch (argv[0]) {
                case "serve" -> serve(ServeOptions.parse(rest));
                case "check" -> CheckCommand.run(rest, System.out);
                case "phone-sim" -> PhoneSim.run(rest);
                case "sample-stick" -> SampleStick.run(rest);
                case "help", "--help", "-h" -> {
                    System.out.print(USAGE);
                    yield 0;
                }
                default -> throw new Args.UsageError("unknown command: " + argv[0]);
            };
            System.exit(code);
        } catch (Args.UsageError e) {
            System.err.println("phoneflasher: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        } catch (Exception e) {
            System.err.println("phoneflasher: " + e.getMessage());
            System.exit(1);
        }
    }

    private static int serve(ServeOptions options) throws Exception {
        Box box = new Box(options);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            box.close();
            stopped.countDown();
        }, "shutdown"));
        try {
            box.start();
        } catch (Exception e) {
            box.close();
            throw e;
        }
        stopped.await();
        return 0;
    }
}
