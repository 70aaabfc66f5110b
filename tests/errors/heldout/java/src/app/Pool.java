package app;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

public class Pool {
    static void handle(String job) {
        if (job.startsWith("bad")) {
            throw new IllegalStateException("job " + job + " has no handler");
        }
        System.err.println("handled " + job);
    }

    public static void main(String[] args) throws InterruptedException {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        for (String job : new String[] {"a", "bad-b", "c"}) {
            pool.execute(() -> handle(job));
            Thread.sleep(200);
        }
        pool.shutdown();
        pool.awaitTermination(5, TimeUnit.SECONDS);
        System.err.println("pool drained");
    }
}
