/**
 * The stand-in for a trial's child JVM in scripts/meter-cost.py: a JVM with its usual threads that sleeps for the
 * given seconds, so the meter's own cost is all the CPU time of the metering process.
 */
public class Sleeper {
    public static void main(String[] args) throws InterruptedException {
        Thread.sleep(Long.parseLong(args[0]) * 1000);
    }
}
