import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * What waking a Java thread every 100 ms costs on this machine when it does nothing else: the floor under any
 * sampler at that interval (scripts/meter-cost.py). Prints the thread's CPU time per wake-up in microseconds.
 */
public class WakeupFloor {
    public static void main(String[] args) throws InterruptedException {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Thread t = new Thread(() -> {
            long next = System.nanoTime();
            while (true) {
                next += 100_000_000L;
                long wait = next - System.nanoTime();
                try {
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "wake-up-floor");
        t.setDaemon(true);
        t.start();
        Thread.sleep(2000);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long c0 = mx.getThreadCpuTime(t.getId());
        Thread.sleep(seconds * 1000L);
        long c1 = mx.getThreadCpuTime(t.getId());
        System.out.printf(java.util.Locale.ROOT, "%.1f%n", (c1 - c0) / 1e3 / (seconds * 10.0));
    }
}
